using ApprovalTests.Reporters;

// Snapshot mismatches fail the test and leave a *.received.cs beside the *.approved.cs; nothing opens a diff tool.
[assembly: UseReporter(typeof(QuietReporter))]
