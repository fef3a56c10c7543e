package org.ipcube.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "nightly", mixinStandardHelpOptions = true, description = "TODO")
public final class NightlyCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UnsupportedOperationException("nightly is not built yet");
  }
}
