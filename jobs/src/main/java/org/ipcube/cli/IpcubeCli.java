package org.ipcube.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ipcube} command line: lists the subcommands, nothing else. */
@Command(name = "ipcube", mixinStandardHelpOptions = true, version = "ipcube 0.1.0",
    description = "Batch data warehouse for China's intellectual-property statistics.",
    subcommands = {
        GenerateCommand.class,
        LandedCommand.class,
        IngestCommand.class,
        CleanCommand.class,
        MartsCommand.class,
        NightlyCommand.class,
        RunCommand.class,
        DemoCommand.class,
        ReportCommand.class,
        ExplainCommand.class,
        ReconcileCommand.class,
        RevisionsCommand.class,
        QualityCommand.class,
        PublishCommand.class,
        BenchCommand.class,
        DictionaryCommand.class,
        AirflowCommand.class,
        CliSpecCommand.class,
        CommandLine.HelpCommand.class})
public final class IpcubeCli {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured picocli tree (also used by the DAG tests to check task commands against real options). */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new IpcubeCli());
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      commandLine.getErr().println("ipcube: " + e.getMessage());
      if (System.getenv("IPCUBE_DEBUG") != null) e.printStackTrace(commandLine.getErr());
      return e instanceof org.ipcube.common.UsageException ? 2 : 1;
    });
    return cli;
  }
}
