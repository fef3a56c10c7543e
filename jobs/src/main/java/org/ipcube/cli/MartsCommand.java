package org.ipcube.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "marts", mixinStandardHelpOptions = true, description = "TODO")
public final class MartsCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UnsupportedOperationException("marts is not built yet");
  }
}
