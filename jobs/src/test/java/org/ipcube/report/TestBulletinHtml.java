package org.ipcube.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.ipcube.report.BulletinReport.Figure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML bulletin as a browser shows it: rendered by headless Chromium (Debian's package, which
 * {@code .ci/run} installs; with IPCUBE_TEST_CHROMIUM_REQUIRED=1 a missing browser fails instead of
 * skipping). Asserts on the rendered DOM and on the screenshot's pixels (the charts are drawn).
 */
class TestBulletinHtml {
  @TempDir Path dir;

  private static String chromium() {
    for (String c : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
      if (Files.isExecutable(Path.of(c))) return c;
    }
    return null;
  }

  private static String run(Path workDir, String... args) throws Exception {
    Process p = new ProcessBuilder(args).directory(workDir.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("chromium finished").isTrue();
    return out;
  }

  @Test
  void theBrowserShowsTheSentencesTheTrendAndTheSiblingComparison() throws Exception {
    String browser = chromium();
    if (!"1".equals(System.getenv("IPCUBE_TEST_CHROMIUM_REQUIRED"))) {
      assumeThat(browser).as("no headless Chromium here (.ci/run installs Debian's chromium)").isNotNull();
    }
    assertThat(browser).as("chromium (IPCUBE_TEST_CHROMIUM_REQUIRED=1)").isNotNull();
    String text = BulletinReport.render(new BulletinReport.Context("嘉兴市", "city", "浙江省", 2023, "latest", "as_is", "2024-01-30"),
        List.of(new Figure("patent_grants", "invention", 4869, 23.8, 7.25, 3, 11L, null, null, null),
            new Figure("pledge_amount", "total", 336.1, 165.7, null, null, null, null, null, null)));
    List<String> charts = List.of(
        Charts.line("嘉兴市 有效发明专利 (件), 历年", List.of(new Charts.Point("2021", 20000), new Charts.Point("2022", 26000),
            new Charts.Point("2023", 30584))),
        Charts.bars("有效发明专利 (件), 2023: 与同级地区比较", List.of(new Charts.Point("杭州市", 120000),
            new Charts.Point("宁波市", 60000), new Charts.Point("嘉兴市", 30584)), "嘉兴市"));
    Path html = dir.resolve("report.html");
    Files.writeString(html, BulletinReport.html(text, charts), StandardCharsets.UTF_8);
    String[] base = {browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
        "--user-data-dir=" + dir.resolve("profile")};

    String dom = run(dir, concat(base, "--dump-dom", html.toUri().toString()));
    assertThat(dom).contains("<h1>嘉兴市 2023年知识产权主要指标</h1>");
    assertThat(dom).contains("<li>发明专利授权4869件, 同比增长23.8%, 占浙江省7.3%, 居全省第3;</li>");
    assertThat(dom).contains("知识产权质押融资登记金额336.10亿元, 同比增长165.7%");
    assertThat(dom).containsOnlyOnce("class=\"series\"").contains("30584");
    assertThat(dom.split("<rect class=\"bar", -1)).hasSize(4);
    assertThat(dom).containsOnlyOnce("class=\"bar highlight\"");

    Path png = dir.resolve("report.png");
    run(dir, concat(base, "--window-size=1000,1600", "--screenshot=" + png, html.toUri().toString()));
    BufferedImage image = ImageIO.read(png.toFile());
    int red = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        if (Math.abs(((rgb >> 16) & 0xff) - 0xc0) < 12 && Math.abs(((rgb >> 8) & 0xff) - 0x39) < 12 && Math.abs((rgb & 0xff) - 0x2b) < 12) {
          red++;
        }
      }
    }
    // The highlighted bar alone is ~110 x 70 pixels of #c0392b; the trend line and points add more.
    assertThat(red).as("pixels drawn in the highlight colour").isGreaterThan(3000);
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
