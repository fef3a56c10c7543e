package org.ipcube.landing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A malformed {@code _MANIFEST.json} is described in the SPEC's words: what, which field, where; no parser internals. */
class TestManifest {
  private static Manifest parse(String text) throws IOException {
    return Manifest.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aWellFormedManifestParses() throws IOException {
    Manifest m = parse("""
        {"feed": "patent_biblio", "delivery_date": "2023-01-03", "sequence": 1, "schema_version": "1.0",
         "files": [{"name": "part-00001.xml.gz", "sha256": "ab", "records": 7}], "total_records": 7}""");
    assertThat(m.files()).containsExactly(new Manifest.FileEntry("part-00001.xml.gz", "ab", 7));
  }

  @Test
  void aFieldOfTheWrongTypeIsNamedWithItsPath() {
    assertThatThrownBy(() -> parse("""
        {"feed": "patent_biblio", "delivery_date": "2023-01-03", "sequence": 1,
         "files": [{"name": "part-00001.xml.gz", "sha256": "ab", "records": "7k"}], "total_records": 7}"""))
        .hasMessage("files[0].records is not a whole number as the SPEC has it (line 2, column 69)");
    assertThatThrownBy(() -> parse("{\"feed\": \"gi\", \"sequence\": \"one\"}"))
        .hasMessage("sequence is not a whole number as the SPEC has it (line 1, column 28)");
  }

  @Test
  void aTruncatedManifestSaysWhereItEnds() {
    assertThatThrownBy(() -> parse("{\"feed\": \"gi\", \"files\": [{\"name\": \"part-00001.jsonl\""))
        .hasMessage("in files[0]: Unexpected end-of-input: expected close marker for Object (line 1, column 53)");
  }
}
