package org.ipcube.common;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the small reference CSVs shipped in the jar (quoted fields, no embedded commas). */
public final class CsvResources {
  private CsvResources() {}

  /** Rows after the header, fields unquoted and trimmed; a missing resource fails loudly. */
  public static List<String[]> read(String resource) {
    List<String[]> rows = new ArrayList<>();
    InputStream stream = CsvResources.class.getClassLoader().getResourceAsStream(resource);
    if (stream == null) {
      throw new IpcubeException("Reference file " + resource + " is missing from the jar.",
          "the build did not package jobs/src/main/resources/" + resource + ".", "Rebuild with `mvn package`.");
    }
    try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
      String line = r.readLine();
      while ((line = r.readLine()) != null) {
        if (line.isBlank()) continue;
        String[] parts = line.split(",", -1);
        for (int i = 0; i < parts.length; i++) {
          parts[i] = parts[i].replace("\"", "").trim();
        }
        rows.add(parts);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }
}
