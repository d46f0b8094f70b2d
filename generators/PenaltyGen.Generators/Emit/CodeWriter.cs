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
        return new Scope(this, 1);
    }

    /// <summary>Opens one block per header, outermost first; disposing the result closes them all, innermost first.</summary>
    public Scope Blocks(System.Collections.Generic.IEnumerable<string> headers)
    {
        var depth = 0;
        foreach (var header in headers)
        {
            Block(header);
            depth++;
        }
        return new Scope(this, depth);
    }

    public override string ToString() => text.ToString();

    public void Dispose() => writer.Dispose();

    /// <summary>Closes <paramref name="depth"/> blocks when disposed.</summary>
    internal readonly struct Scope(CodeWriter owner, int depth) : IDisposable
    {
        public void Dispose()
        {
            for (var i = 0; i < depth; i++)
            {
                owner.writer.Indent--;
                owner.writer.WriteLine("}");
            }
        }
    }
}
