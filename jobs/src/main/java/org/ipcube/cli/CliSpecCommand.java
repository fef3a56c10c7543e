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
 * {@code ipcube cli-spec}: the command tree, every option and the values of an option that has a
 * fixed set of them (the feeds of {@code ingest --feed}) as JSON, taken from the CLI itself. The DAG
 * tests check each task's command and the DAG's feeds against it, so renaming an option or adding a
 * feed breaks them.
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
      ObjectNode values = node.putObject("values");
      for (OptionSpec o : spec.options()) {
        for (String name : o.names()) options.add(name);
        if (o.required()) required.add(o.longestName());
        // An option with a fixed set of values (an enum, e.g. ingest --feed: the Feed registry) lists them.
        if (o.completionCandidates() != null) {
          ArrayNode allowed = values.putArray(o.longestName());
          o.completionCandidates().forEach(allowed::add);
        }
      }
      describe(sub, node.putObject("subcommands"));
    }
  }
}
