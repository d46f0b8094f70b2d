using System;
using System.CodeDom.Compiler;
using System.IO;

namespace PenaltyGen.Generators.Emit;

/// <summary>An <see cref="IndentedTextWriter"/> with braces that close themselves, and LF line ends.</summary>
internal sealed class CodeWriter : IDisposable
{
    private readonly StringWriter text = new() { NewLine = "\n" };
    private readonly IndentedTextWriter writer;

    public CodeWriter() => writer = new IndentedTextWriter(text, "    ") { NewLine = "\n" };

    public CodeWriter Line(string line = "")
    {
        if (line.Length == 0) writer.WriteLineNoTabs(string.Empty);
        else writer.WriteLine(line);
        return this;
    }

    /// <summary>Writes <paramref name="header"/>, an opening brace, and indents until the result is disposed.</summary>
    public Scope Block(string header)
    {
        writer.WriteLine(header);
        writer.WriteLine("{");
        writer.Indent++;
        return new Scope(this);
    }

    public override string ToString() => text.ToString();

    public void Dispose() => writer.Dispose();

    internal readonly struct Scope(CodeWriter owner) : IDisposable
    {
        public void Dispose()
        {
            owner.writer.Indent--;
            owner.writer.WriteLine("}");
        }
    }
}
