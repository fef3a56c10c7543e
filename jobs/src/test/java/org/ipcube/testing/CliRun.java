package org.ipcube.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.ipcube.cli.IpcubeCli;

/**
 * One {@code ipcube} command run in this JVM (borrowing the tests' SparkSession when it needs one):
 * its exit code, what it printed, and its errors.
 */
public record CliRun(int code, String text, String errors) {
  /** {@code ipcube <command> --warehouse <warehouseRoot> <options>}. */
  public static CliRun on(String warehouseRoot, String command, String... options) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream previous = System.out;
    PrintStream previousErr = System.err;
    String[] args = new String[options.length + 3];
    args[0] = command;
    args[1] = "--warehouse";
    args[2] = warehouseRoot;
    System.arraycopy(options, 0, args, 3, options.length);
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = IpcubeCli.commandLine().execute(args);
      return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(previous);
      System.setErr(previousErr);
    }
  }
}
