package org.ipcube.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "clean", mixinStandardHelpOptions = true, description = "TODO")
public final class CleanCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UnsupportedOperationException("clean is not built yet");
  }
}
