package org.ipcube.landing;

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

  /**
   * A manifest's text, or {@link IOException} whose message says in the SPEC's words what is wrong
   * and where ({@link #problem}).
   */
  public static Manifest parse(java.io.InputStream in) throws IOException {
    try {
      return JSON.readValue(in, Manifest.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException(problem(e), e);
    }
  }

  /**
   * What the parser found wrong, without its internals (Java types, source descriptions): the
   * problem, the field it is in and the line and column, e.g. "files[0].records is "12k", not a
   * whole number (line 3, column 52)".
   */
  static String problem(com.fasterxml.jackson.core.JsonProcessingException e) {
    StringBuilder field = new StringBuilder();
    if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m) {
      for (com.fasterxml.jackson.databind.JsonMappingException.Reference r : m.getPath()) {
        if (r.getFieldName() != null) {
          field.append(field.length() == 0 ? "" : ".").append(r.getFieldName());
        } else if (r.getIndex() >= 0) {
          field.append('[').append(r.getIndex()).append(']');
        }
      }
    }
    String what;
    if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException m && m.getTargetType() != null
        && field.length() > 0) {
      Class<?> t = m.getTargetType();
      String expected = t == int.class || t == long.class || t == Integer.class || t == Long.class ? "a whole number"
          : t == String.class ? "a string" : java.util.Collection.class.isAssignableFrom(t) ? "a list"
          : t.isRecord() ? "an object" : "a " + t.getSimpleName();
      what = field + " is not " + expected + " as the SPEC has it";
    } else {
      String original = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
      // Jackson appends its source description ("[Source: REDACTED ...; line: 1, column: 1]") to some messages.
      what = original.replaceAll("\\s*\\(?start marker at \\[Source:[^\\]]*\\]\\)?", "")
          .replaceAll("\\s*\\[Source:[^\\]]*\\]", "").replaceAll("\\s+", " ").trim();
      if (field.length() > 0) what = "in " + field + ": " + what;
    }
    com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
    return at == null || at.getLineNr() < 0 ? what : what + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
  }

  public static Manifest read(Path file) {
    try (java.io.InputStream in = Files.newInputStream(file)) {
      Manifest m = parse(in);
      if (m.files() == null || m.feed() == null || m.deliveryDate() == null) {
        throw new IpcubeException("Manifest " + file + " is incomplete.",
            "feed, delivery_date and files are required by the feed SPEC §1.", "Ask for a redelivery with a complete manifest.");
      }
      return m;
    } catch (IOException e) {
      throw new IpcubeException("Manifest " + file + " is not the SPEC's manifest.", e.getMessage(),
          "The delivery is rejected; ask the sender for a redelivery.", e);
    }
  }

  public void write(Path file) throws IOException {
    Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this));
  }
}
