return PenaltyGen.Cli.CommandLine.Run(args, System.Console.Out, System.Console.Error);
