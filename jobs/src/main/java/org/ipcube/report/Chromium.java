package org.ipcube.report;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ipcube.common.IpcubeException;

/**
 * Prints an HTML page to PDF with headless Chromium (the browser the bulletin's charts are drawn
 * in, so the PDF is what the page shows). The browser is {@code ipcube.report.chromium}, or the
 * first of chromium, chromium-browser and google-chrome on the PATH.
 */
public final class Chromium {
  private Chromium() {}

  private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome");

  /** The browser to use: the configured one, or the first on the PATH; empty when there is none. */
  public static java.util.Optional<Path> find(String configured) {
    if (!configured.isBlank()) return java.util.Optional.of(Path.of(configured));
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : NAMES) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) return java.util.Optional.of(p);
      }
    }
    return java.util.Optional.empty();
  }

  /** Prints {@code html} (a file) to {@code pdf} on A4, as the page's print style lays it out. */
  public static void printToPdf(String configured, Path html, Path pdf) {
    Path browser = find(configured).orElseThrow(() -> new IpcubeException("Cannot print the bulletin to PDF: no Chromium found.",
        "ipcube.report.chromium is empty and none of " + NAMES + " is on the PATH.",
        "Install Chromium (Debian: apt-get install chromium) or set IPCUBE_CHROMIUM to a Chromium or Chrome binary; "
            + "--format html writes the same page without it."));
    Path profile;
    try {
      profile = Files.createTempDirectory("ipcube-chromium");
      Files.deleteIfExists(pdf);
    } catch (IOException e) {
      throw new IpcubeException("Cannot prepare the PDF " + pdf + ".", e.getMessage(), "Check that its folder is writable.", e);
    }
    // One process (--single-process --no-zygote): printing one local page needs no site isolation,
    // and it halves the browser's start (3.3 s -> 2.0 s on 2 cores, same PDF).
    // --virtual-time-budget lets the page's scripts (the charts) finish before printing.
    List<String> command = List.of(browser.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--single-process", "--no-zygote", "--user-data-dir=" + profile, "--no-pdf-header-footer", "--virtual-time-budget=10000",
        "--print-to-pdf=" + pdf.toAbsolutePath(), html.toAbsolutePath().toUri().toString());
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IpcubeException("Chromium did not finish printing " + pdf + " within 2 minutes.", browser + " hung.",
            "Run the command by hand to see why: " + String.join(" ", command));
      }
      if (p.exitValue() != 0 || !Files.isRegularFile(pdf) || Files.size(pdf) == 0) {
        throw new IpcubeException("Chromium could not print " + pdf + ".", browser + " exited with " + p.exitValue() + ": "
            + output.strip().lines().reduce((a, b) -> b).orElse("(no output)"), "Check the browser runs headless here: " + browser + " --headless --version.");
      }
    } catch (IOException e) {
      throw new IpcubeException("Cannot run " + browser + ".", e.getMessage(), "Set IPCUBE_CHROMIUM to a working Chromium binary.", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IpcubeException("Printing " + pdf + " was interrupted.", e.getMessage(), "Run the report again.", e);
    } finally {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      } catch (IOException ignored) {
        // A leftover temporary browser profile is harmless.
      }
    }
  }
}
