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

  /** Zhejiang's eleven cities in 2023 (valid invention patents and invention grants; 嘉兴 is the reporting city). */
  private static List<BulletinPage.Sibling> zhejiangCities() {
    String[][] cities = {{"330100", "杭州市", "130000", "21000"}, {"330200", "宁波市", "60000", "9500"},
        {"330300", "温州市", "32000", "5100"}, {"330400", "嘉兴市", "30584", "4869"}, {"330500", "湖州市", "17000", "2600"},
        {"330600", "绍兴市", "26000", "4000"}, {"330700", "金华市", "21000", "3300"}, {"330800", "衢州市", "5000", "800"},
        {"330900", "舟山市", "3000", "500"}, {"331000", "台州市", "18000", "2900"}, {"331100", "丽水市", "4000", "600"}};
    List<BulletinPage.Sibling> out = new java.util.ArrayList<>();
    for (int i = 0; i < cities.length; i++) {
      String[] c = cities[i];
      out.add(new BulletinPage.Sibling(c[0], c[1], Double.parseDouble(c[2]), 10.0 + i, Double.parseDouble(c[2]) / 3475.84, i + 1,
          Double.parseDouble(c[3]), 20.0 - i, i + 1, c[1].equals("嘉兴市")));
    }
    return out;
  }

  private static BulletinPage.Content jiaxing() {
    String text = BulletinReport.render(new BulletinReport.Context("嘉兴市", "city", "浙江省", 2023, "latest", "as_is", "2024-01-30"),
        List.of(new Figure("patent_grants", "invention", 4869, 23.8, 7.25, 3, 11L, null, null, null),
            new Figure("pledge_amount", "total", 336.1, 165.7, null, null, null, null, null, null)));
    return new BulletinPage.Content(text, "嘉兴市", "city", "330000", "浙江省", 2023,
        List.of(new BulletinPage.Trend(2021, 2900.0, 20000.0, 6000.0, 20000.0), new BulletinPage.Trend(2022, 3933.0, 21000.0, 5500.0, 26000.0),
            new BulletinPage.Trend(2023, 4869.0, 19000.0, 5200.0, 30584.0)),
        zhejiangCities());
  }

  private static String browser() {
    String browser = chromium();
    if (!"1".equals(System.getenv("IPCUBE_TEST_CHROMIUM_REQUIRED"))) {
      assumeThat(browser).as("no headless Chromium here (.ci/run installs Debian's chromium)").isNotNull();
    }
    assertThat(browser).as("chromium (IPCUBE_TEST_CHROMIUM_REQUIRED=1)").isNotNull();
    return browser;
  }

  /**
   * The page as Chromium shows it once its scripts ran: ECharts drew four SVG charts with axes and
   * value labels (the map shaded Zhejiang's cities, 嘉兴 outlined), the table lists the eleven
   * cities, and the screenshot has the highlight colour where 嘉兴's bars and map area are.
   */
  @Test
  void theBrowserDrawsTheChartsTheMapAndTheSiblingTableWithEcharts() throws Exception {
    String browser = browser();
    Path html = dir.resolve("report.html");
    Files.writeString(html, BulletinPage.html(jiaxing()), StandardCharsets.UTF_8);
    String[] base = {browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
        "--user-data-dir=" + dir.resolve("profile"), "--virtual-time-budget=5000"};

    String dom = run(dir, concat(base, "--dump-dom", html.toUri().toString()));
    assertThat(dom).contains("<h1>嘉兴市 2023年知识产权主要指标</h1>");
    assertThat(dom).contains("<li>发明专利授权4869件, 同比增长23.8%, 占浙江省7.3%, 在全省11个设区市中居第3位;</li>");
    for (String chart : List.of("trend", "grants", "siblings", "map")) {
      String div = dom.substring(dom.indexOf("id=\"" + chart + "\""));
      assertThat(div.substring(0, div.indexOf("</svg>"))).as(chart + " is drawn as SVG by ECharts").contains("<svg");
    }
    String trend = dom.substring(dom.indexOf("id=\"trend\""), dom.indexOf("id=\"grants\""));
    assertThat(trend).as("value labels and axis names").contains(">30,584<", ">26,000<", ">2023<", ">件<");
    String grants = dom.substring(dom.indexOf("id=\"grants\""), dom.indexOf("id=\"siblings\""));
    assertThat(grants).as("stacked by type, the total on top").contains(">发明<", ">实用新型<", ">外观设计<", ">29,069<");
    String map = dom.substring(dom.indexOf("id=\"map\""));
    map = map.substring(0, map.indexOf("</svg>"));
    assertThat(map).as("the province's cities, named on the map").contains(">嘉兴市<", ">杭州市<", ">丽水市<", ">高<", ">低<");
    assertThat(dom.split("<tr", -1)).as("two header rows and the eleven cities").hasSize(1 + 2 + 11);
    assertThat(dom).containsOnlyOnce("<tr class=\"self\"><td>嘉兴市</td><td class=\"num\">30584</td><td class=\"num\">13.0%</td>"
        + "<td class=\"num\">8.8%</td><td class=\"num\">4</td><td class=\"num\">4869</td><td class=\"num\">17.0%</td>"
        + "<td class=\"num\">4</td></tr>");

    // Kept under target/ for a person to look at: what the bulletin looks like in a browser.
    Path png = Path.of("target", "test-screenshots", "bulletin-jiaxing-2023.png").toAbsolutePath();
    Files.createDirectories(png.getParent());
    run(dir, concat(base, "--window-size=800,2600", "--screenshot=" + png, html.toUri().toString()));
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
    // The trend's three bars alone are ~3 x 48 x 150 pixels of #c0392b; 嘉兴's sibling bar and the
    // darkest map areas add more.
    assertThat(red).as("pixels drawn in the highlight colour").isGreaterThan(15000);
  }

  /** {@code report --format pdf}'s printing: an A4 PDF from the same page, in a few seconds. */
  @Test
  void thePagePrintsToPdf() throws Exception {
    String browser = browser();
    Path html = dir.resolve("report.html");
    Files.writeString(html, BulletinPage.html(jiaxing()), StandardCharsets.UTF_8);
    Path pdf = dir.resolve("嘉兴市-2023.pdf");
    Chromium.printToPdf(browser, html, pdf);
    byte[] bytes = Files.readAllBytes(pdf);
    assertThat(new String(bytes, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
    String raw = new String(bytes, StandardCharsets.ISO_8859_1);
    assertThat(raw).as("A4 pages (595 x 842 points)").containsPattern("/MediaBox \\[0 0 59[45](\\.\\d+)? 84[12](\\.\\d+)?\\]");
    assertThat(java.util.regex.Pattern.compile("/Type\\s*/Page(?!s)").matcher(raw).results().count()).as("pages").isBetween(2L, 4L);
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
