package org.ipcube.feeds;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ipcube.common.IpcubeException;

/** The {@code _MANIFEST.json} of a delivery (feed SPEC §1). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Manifest(
    @JsonProperty("feed") String feed,
    @JsonProperty("delivery_date") String deliveryDate,
    @JsonProperty("sequence") int sequence,
    @JsonProperty("schema_version") String schemaVersion,
    @JsonProperty("files") List<FileEntry> files,
    @JsonProperty("total_records") long totalRecords) {

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record FileEntry(@JsonProperty("name") String name, @JsonProperty("sha256") String sha256,
      @JsonProperty("records") long records) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  public static Manifest read(Path file) {
    try {
      Manifest m = JSON.readValue(file.toFile(), Manifest.class);
      if (m.files() == null || m.feed() == null || m.deliveryDate() == null) {
        throw new IpcubeException("Manifest " + file + " is incomplete.",
            "feed, delivery_date and files are required by the feed SPEC §1.", "Ask for a redelivery with a complete manifest.");
      }
      return m;
    } catch (IOException e) {
      throw new IpcubeException("Manifest " + file + " is not valid JSON.", e.getMessage(),
          "The delivery is rejected; ask the sender for a redelivery.", e);
    }
  }

  public void write(Path file) throws IOException {
    Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this));
  }
}
