package org.ipcube.landing;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Writes one delivery folder the way the national office does (feed SPEC §1): data files
 * {@code part-NNNNN.<ext>[.gz]} rotated every {@code recordsPerFile} records, then
 * {@code _MANIFEST.json} with sha256 and record counts, then the empty {@code _SUCCESS} last.
 */
public final class DeliveryWriter implements AutoCloseable {
  private final Path folder;
  private final String feed;
  private final String deliveryDate;
  private final int sequence;
  private final String extension;
  private final boolean gzip;
  private final Charset charset;
  private final String fileHeader;
  private final String fileFooter;
  private final int recordsPerFile;
  private final List<Manifest.FileEntry> files = new ArrayList<>();
  private OutputStream out;
  private String currentName;
  private long currentRecords;
  private long totalRecords;

  public DeliveryWriter(Path landingRoot, String feed, String deliveryDate, int sequence, String extension,
      boolean gzip, Charset charset, String fileHeader, String fileFooter, int recordsPerFile) {
    this.folder = landingRoot.resolve(feed).resolve(new Deliveries.FolderName(java.time.LocalDate.parse(deliveryDate), sequence).toString());
    this.feed = feed;
    this.deliveryDate = deliveryDate;
    this.sequence = sequence;
    this.extension = extension;
    this.gzip = gzip;
    this.charset = charset;
    this.fileHeader = fileHeader;
    this.fileFooter = fileFooter;
    this.recordsPerFile = recordsPerFile;
  }

  /** Writes one record (already serialised, including its trailing newline). */
  public void write(String record) {
    try {
      if (out == null || currentRecords >= recordsPerFile) {
        rotate();
      }
      out.write(record.getBytes(charset));
      currentRecords++;
      totalRecords++;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes bytes that are not a record (e.g. a deliberately broken line counted by the manifest as one). */
  public void writeRaw(byte[] bytes, int countsAsRecords) {
    try {
      if (out == null) rotate();
      out.write(bytes);
      currentRecords += countsAsRecords;
      totalRecords += countsAsRecords;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public long totalRecords() {
    return totalRecords;
  }

  private void rotate() throws IOException {
    finishFile();
    Files.createDirectories(folder);
    currentName = String.format("part-%05d.%s%s", files.size() + 1, extension, gzip ? ".gz" : "");
    OutputStream raw = new BufferedOutputStream(Files.newOutputStream(folder.resolve(currentName)), 1 << 16);
    out = gzip ? new GZIPOutputStream(raw, 1 << 16) : raw;
    if (fileHeader != null) out.write(fileHeader.getBytes(charset));
    currentRecords = 0;
  }

  private void finishFile() throws IOException {
    if (out == null) return;
    if (fileFooter != null) out.write(fileFooter.getBytes(charset));
    out.close();
    files.add(new Manifest.FileEntry(currentName, sha256(folder.resolve(currentName)), currentRecords));
    out = null;
  }

  /** Closes the last file, then writes the manifest, then {@code _SUCCESS} (in that order). */
  @Override
  public void close() {
    try {
      if (out == null && files.isEmpty()) {
        rotate(); // an empty delivery still has one (empty) file and a manifest
      }
      finishFile();
      new Manifest(feed, deliveryDate, sequence, "1.0", List.copyOf(files), totalRecords)
          .write(folder.resolve("_MANIFEST.json"));
      Files.write(folder.resolve("_SUCCESS"), new byte[0]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String sha256(Path file) throws IOException {
    try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      byte[] buf = new byte[1 << 16];
      while (in.read(buf) >= 0) {
        // digesting
      }
      return HexFormat.of().formatHex(in.getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
