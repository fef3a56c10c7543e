package org.ipcube.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One command run in-process, as a user types it: its exit code and what it printed on stderr. */
record CliRun(int code, String err) {
  static CliRun of(String... args) {
    CommandLine cli = IpcubeCli.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    return new CliRun(cli.execute(args), err.toString());
  }
}
