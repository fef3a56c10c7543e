package org.ipcube.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.ipcube.landing.DeliveryWriter;
import org.ipcube.landing.Manifest;

/**
 * Copies a hand-made delivery set from {@code src/test/resources/deliveries/<name>} into a landing
 * root and writes what a sender writes last: {@code _MANIFEST.json} (sha256 and record counts of
 * the files as they are) and {@code _SUCCESS}. Fixtures stay readable; checksums stay right.
 */
public final class Landing {
  private Landing() {}

  public static Path stage(String fixture, Path landing) {
    try {
      Path source = Path.of(Landing.class.getClassLoader().getResource("deliveries/" + fixture).toURI());
      try (Stream<Path> feeds = Files.list(source)) {
        for (Path feed : feeds.filter(Files::isDirectory).toList()) {
          try (Stream<Path> deliveries = Files.list(feed)) {
            for (Path delivery : deliveries.filter(Files::isDirectory).toList()) {
              Path target = landing.resolve(feed.getFileName().toString()).resolve(delivery.getFileName().toString());
              Files.createDirectories(target);
              try (Stream<Path> files = Files.list(delivery)) {
                for (Path f : files.toList()) Files.copy(f, target.resolve(f.getFileName()));
              }
              writeManifest(feed.getFileName().toString(), target);
              Files.write(target.resolve("_SUCCESS"), new byte[0]);
            }
          }
        }
      }
      return landing;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes a manifest that matches the folder's part files as they are now. */
  public static void writeManifest(String feed, Path folder) throws IOException {
    String name = folder.getFileName().toString();
    String date = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
    int sequence = name.contains(".") ? Integer.parseInt(name.substring(name.indexOf('.') + 1)) : 1;
    List<Manifest.FileEntry> entries = new ArrayList<>();
    long total = 0;
    try (Stream<Path> files = Files.list(folder)) {
      for (Path f : files.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
        long records = records(f);
        total += records;
        entries.add(new Manifest.FileEntry(f.getFileName().toString(), DeliveryWriter.sha256(f), records));
      }
    }
    new Manifest(feed, date, sequence, "1.0", entries, total).write(folder.resolve("_MANIFEST.json"));
  }

  private static long records(Path f) throws IOException {
    if (f.toString().endsWith(".xml")) {
      // Decoded leniently: a fixture may hold bytes that are not UTF-8 in one of its documents.
      return new String(Files.readAllBytes(f), StandardCharsets.UTF_8).split("<PatentDocument>", -1).length - 1;
    }
    String text = Files.readString(f, f.toString().endsWith(".csv") && !isUtf8(f) ? java.nio.charset.Charset.forName("GB18030") : StandardCharsets.UTF_8);
    long lines = text.lines().filter(l -> !l.isBlank()).count();
    return f.toString().endsWith(".csv") ? lines - 1 : lines;
  }

  private static boolean isUtf8(Path f) {
    try {
      StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(f)));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
