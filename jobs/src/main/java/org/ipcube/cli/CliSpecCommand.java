package org.ipcube.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code ipcube cli-spec}: the command tree and every option as JSON, taken from the CLI itself.
 * The DAG tests check each task's command against it, so renaming an option breaks them.
 */
@Command(name = "cli-spec", hidden = true, description = "Print every subcommand and its options as JSON (for the DAG tests).")
public final class CliSpecCommand implements Callable<Integer> {
  @Override
  public Integer call() throws Exception {
    ObjectNode root = new ObjectMapper().createObjectNode();
    describe(IpcubeCli.commandLine(), root);
    System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(root));
    return 0;
  }

  private static void describe(CommandLine cli, ObjectNode into) {
    for (CommandLine sub : cli.getSubcommands().values()) {
      CommandSpec spec = sub.getCommandSpec();
      ObjectNode node = into.putObject(spec.name());
      ArrayNode options = node.putArray("options");
      ArrayNode required = node.putArray("required");
      for (OptionSpec o : spec.options()) {
        for (String name : o.names()) options.add(name);
        if (o.required()) required.add(o.longestName());
      }
      describe(sub, node.putObject("subcommands"));
    }
  }
}
