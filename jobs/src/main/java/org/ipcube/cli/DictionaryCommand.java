package org.ipcube.cli;

import java.util.concurrent.Callable;
import org.ipcube.common.DataDictionary;
import picocli.CommandLine.Command;

/** {@code ipcube dictionary}: prints the data dictionary generated from schemas/. */
@Command(name = "dictionary", mixinStandardHelpOptions = true, description = "Print the data dictionary (Markdown) from schemas/.")
public final class DictionaryCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.out.print(DataDictionary.markdown());
    return 0;
  }
}
