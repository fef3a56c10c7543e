package org.ipcube.pledges;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.ipcube.cleaned.pledges.PledgeTransforms;
import org.ipcube.common.Settings;
import org.ipcube.common.Table;
import org.ipcube.landing.Feed;
import org.ipcube.feeds.pledges.PledgeFeedGenerator;
import org.ipcube.raw.IngestPledgesJob;
import org.ipcube.raw.RawIngest;
import org.ipcube.testing.Landing;
import org.ipcube.testing.SparkTestBase;
import org.junit.jupiter.api.Test;

/** The pledge feed's own rules: encoding, pledged-item parsing, name keys, and the generator's amount mix. */
class TestPledgeFeed extends SparkTestBase {
  private static final String ROW = "Y2024000000001,专利,嘉兴𠀾䶮科技有限公司,91330411MA2B7C8D96,浙江省嘉兴市秀洲区洪合镇,嘉兴银行股份有限公司,"
      + "ZL202110000001.6,100,2024-01-02,2025-01-01,生效,2024-01-02\n";

  private static Path delivery(Path landing, String date, Charset charset) throws Exception {
    Path folder = landing.resolve("pledge").resolve(date);
    Files.createDirectories(folder);
    Files.write(folder.resolve("part-00001.csv"), (Feed.PLEDGE_HEADER + "\n" + ROW).getBytes(charset));
    Landing.writeManifest("pledge", folder);
    Files.write(folder.resolve("_SUCCESS"), new byte[0]);
    return folder;
  }

  @Test
  void aGb18030FileWithRareCharactersLoadsExactlyAndAUtf8ExportIsRejectedNamingTheFile() throws Exception {
    Path landing = tempDir("landing");
    delivery(landing, "2024-01-02", Charset.forName("GB18030"));
    delivery(landing, "2024-01-09", StandardCharsets.UTF_8);
    Settings s = settings(landing, tempDir("warehouse"));
    RawIngest.Result r = IngestPledgesJob.run(spark(), s, LocalDate.parse("2024-01-01"), LocalDate.parse("2024-01-31"),
        org.ipcube.common.RunMode.CHANGES);
    assertThat(r.loaded()).isEqualTo(1);
    assertThat(r.rejected()).hasSize(1);
    assertThat(r.rejected().get(0).message())
        .contains("pledge/2024-01-09/part-00001.csv")
        .contains("GB18030");
    assertThat(lines(Table.RAW_PLEDGE_REGISTRATIONS.read(spark(), s), "pledgor_name", "pledged_items"))
        .containsExactly("嘉兴𠀾䶮科技有限公司|ZL202110000001.6");
  }

  @Test
  void pledgedItemsSplitOnBothSemicolonsAndUnrecognisedItemsAreKept() {
    List<Row> rights = PledgeTransforms.parseRights("ZL202110000001.6；TM 061234567; ZL2021100000017 ;商标第8号");
    assertThat(rights.stream().map(r -> r.getString(0) + ":" + r.getString(1)).toList()).containsExactly(
        "patent:202110000001.6", "trademark:61234567", "unrecognised:ZL2021100000017", "unrecognised:商标第8号");
  }

  @Test
  void enterpriseNamesCompareAfterFoldingWidthAndSpaces() {
    assertThat(PledgeTransforms.normaliseName(" 嘉兴（甲）科技 有限公司 ")).isEqualTo("嘉兴(甲)科技有限公司");
    assertThat(PledgeTransforms.normaliseName("ＡＢＣ科技")).isEqualTo("ABC科技");
    assertThat(PledgeTransforms.normaliseName("  ")).isNull();
  }

  @Test
  void generatedAmountsAreHeavyTailedWithAboutSeventyPercentUnderTenMillion() {
    SplittableRandom rnd = new SplittableRandom(1);
    int n = 20_000;
    int under = 0;
    double max = 0;
    for (int i = 0; i < n; i++) {
      double a = PledgeFeedGenerator.amount(rnd);
      if (a < 1000) under++;
      max = Math.max(max, a);
    }
    assertThat(under / (double) n).isBetween(0.67, 0.73);
    assertThat(max).isGreaterThan(50_000);
  }
}
