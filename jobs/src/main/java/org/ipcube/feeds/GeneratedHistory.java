package org.ipcube.feeds;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Properties;
import org.ipcube.common.UsageException;

/**
 * A landing's generated history: the days it spans ({@code from} .. {@code horizon}), the
 * parameters that make it (seed, volume, dirt, file size), and the last delivery date written to
 * the landing so far ({@code through}). Every generator places its records as a pure function of
 * these parameters and the span, so the same history generated again gives the same deliveries
 * byte for byte; writing only the dates after {@code through} therefore continues the landing with
 * the next days of the same history: publications and grants of the applications already filed,
 * legal events on them, trademark state changes, pledges and GI changes. Kept as
 * {@code <landing>/_GENERATED.properties} (outside every feed's folder, so the ingest never sees it).
 */
public record GeneratedHistory(LocalDate from, LocalDate horizon, LocalDate through, int patentsPerYear, long seed,
    double dirtRate, int recordsPerFile) {

  public static final String FILE = "_GENERATED.properties";

  /** The history recorded in {@code landing}, if a {@code generate} wrote one there. */
  public static Optional<GeneratedHistory> readFrom(Path landing) {
    Path file = landing.resolve(FILE);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
      return Optional.of(new GeneratedHistory(LocalDate.parse(p.getProperty("from")), LocalDate.parse(p.getProperty("horizon")),
          LocalDate.parse(p.getProperty("through")), Integer.parseInt(p.getProperty("patents_per_year")),
          Long.parseLong(p.getProperty("seed")), Double.parseDouble(p.getProperty("dirt_rate")),
          Integer.parseInt(p.getProperty("records_per_file"))));
    } catch (IOException | RuntimeException e) {
      throw new UsageException("Cannot read " + file + ".", "it is not the file `ipcube generate` writes (" + e.getMessage() + ").",
          "Delete it and generate the landing again with `ipcube generate --from D1 --to D2 [--horizon D3]`.");
    }
  }

  /** The same history, written through {@code date}. */
  public GeneratedHistory through(LocalDate date) {
    return new GeneratedHistory(from, horizon, date, patentsPerYear, seed, dirtRate, recordsPerFile);
  }

  /** Writes the record (plain key=value lines, no timestamp: the same history gives the same landing, byte for byte). */
  public void writeTo(Path landing) {
    String text = "# written by ipcube generate: the generated history of this landing; `ipcube generate --continue` reads it\n"
        + "from=" + from + "\nhorizon=" + horizon + "\nthrough=" + through + "\npatents_per_year=" + patentsPerYear
        + "\nseed=" + seed + "\ndirt_rate=" + dirtRate + "\nrecords_per_file=" + recordsPerFile + "\n";
    try {
      Files.writeString(landing.resolve(FILE), text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
