package org.ipcube.landing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.ipcube.common.Table;

/** The Feed registry and the feed contracts in {@code schemas/feeds/} describe the same feeds the same way. */
class TestFeedRegistry {
  private static final Path FEEDS = Path.of("..", "schemas", "feeds").toAbsolutePath().normalize();

  @Test
  void everyContractFileIsARegisteredFeed() throws IOException {
    try (Stream<Path> files = Files.list(FEEDS)) {
      assertThat(files.map(p -> p.getFileName().toString().replace(".yml", "")))
          .containsExactlyInAnyOrderElementsOf(Arrays.stream(Feed.values()).map(Feed::name).toList());
    }
  }

  @Test
  void eachFeedsLayoutAndRawTableAreItsContracts() throws IOException {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    for (Feed f : Feed.values()) {
      JsonNode contract = yaml.readTree(FEEDS.resolve(f + ".yml").toFile());
      assertThat(contract.path("feed").asText()).as(f.name()).isEqualTo(f.name());
      assertThat(contract.path("raw_table").asText()).as(f.name()).isEqualTo("raw." + f.rawTable());
      assertThat(Table.ids()).as(f.name()).contains("raw/" + f.rawTable());
      assertThat(f.layout().recordTag()).as(f.name()).isEqualTo(contract.hasNonNull("record_tag") ? contract.get("record_tag").asText() : null);
      assertThat(f.layout().hasHeader()).as(f.name()).isEqualTo(contract.hasNonNull("header"));
      if (f.layout().header() != null) {
        assertThat(f.layout().header()).as(f.name()).isEqualTo(contract.get("header").asText());
      }
    }
    assertThat(Feed.pledge.layout().encoding()).isEqualTo("GB18030");
  }
}
