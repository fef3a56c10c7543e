package org.ipcube.cleaned.patents;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.ipcube.cleaned.patents.PatentTimeline.Event;
import org.ipcube.cleaned.patents.PatentTimeline.Interval;
import org.ipcube.cleaned.patents.PatentTimeline.Patent;
import org.ipcube.cleaned.patents.PatentTimeline.Rules;
import org.ipcube.cleaned.patents.PatentTimeline.Transaction;
import org.junit.jupiter.api.Test;

class TestPatentTimeline {
  private static final Rules RULES = new Rules(30, 10, false);

  private static LocalDate d(String s) {
    return LocalDate.parse(s);
  }

  private static Patent invention(String filing, String grant, String grantKnown) {
    return new Patent("202110000001.7", "invention", d(filing), d(grant), d(grantKnown), "330402", "330402",
        null, null, false, null, null, null);
  }

  private static List<Interval> view(List<Interval> all, String view) {
    return all.stream().filter(i -> i.view().equals(view)).toList();
  }

  @Test
  void validFromGrantToEndOfTerm() {
    List<Interval> iv = PatentTimeline.intervals(invention("2021-03-01", "2023-05-10", "2023-05-16"), List.of(), RULES);
    assertThat(view(iv, "latest")).extracting(Interval::from, Interval::to, Interval::county, Interval::basis)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(d("2023-05-10"), d("2041-03-01"), "330402", "applicant"));
    // First published: the grant counts from max(grant date, delivery - lag) = 2023-05-10.
    assertThat(view(iv, "first_published")).extracting(Interval::from).containsExactly(d("2023-05-10"));
  }

  @Test
  void backdatedFeeLapseEndsAtTheDueDateInLatestButAtDeliveryMinusLagAsFirstPublished() {
    Event cf = new Event("CF01", d("2024-09-20"), d("2024-03-01"), d("2024-09-24"), null);
    List<Interval> iv = PatentTimeline.intervals(invention("2021-03-01", "2023-05-10", "2023-05-16"), List.of(cf), RULES);
    assertThat(view(iv, "latest")).extracting(Interval::to).containsExactly(d("2024-03-01"));
    // Known on 2024-09-24: period ends up to 2024-08-24 were published with the patent in force.
    assertThat(view(iv, "first_published")).extracting(Interval::to).containsExactly(d("2024-08-25"));
  }

  @Test
  void restorationErasesTheLapseInLatestAndLeavesAGapAsFirstPublished() {
    Event cf = new Event("CF01", d("2024-09-20"), d("2024-03-01"), d("2024-09-24"), null);
    Event rr = new Event("RR01", d("2024-12-10"), d("2024-12-10"), d("2024-12-17"), null);
    List<Interval> iv = PatentTimeline.intervals(invention("2021-03-01", "2023-05-10", "2023-05-16"), List.of(cf, rr), RULES);
    assertThat(view(iv, "latest")).extracting(Interval::from, Interval::to)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(d("2023-05-10"), d("2041-03-01")));
    assertThat(view(iv, "first_published")).extracting(Interval::from, Interval::to).containsExactly(
        org.assertj.core.groups.Tuple.tuple(d("2023-05-10"), d("2024-08-25")),
        org.assertj.core.groups.Tuple.tuple(d("2024-11-17"), d("2041-03-01")));
  }

  @Test
  void grantsUpTo2020FollowThePatenteeAcrossTransfers() {
    Patent p = new Patent("201810000002.X", "invention", d("2018-01-05"), d("2020-06-02"), d("2020-06-09"), "330402", "330402",
        null, null, false, null, null, null);
    Event tr = new Event("TR01", d("2022-04-01"), d("2022-04-01"), d("2022-04-05"), "330106");
    List<Interval> iv = PatentTimeline.intervals(p, List.of(tr), RULES);
    assertThat(view(iv, "latest")).extracting(Interval::from, Interval::to, Interval::county).containsExactly(
        org.assertj.core.groups.Tuple.tuple(d("2020-06-02"), d("2022-04-01"), "330402"),
        org.assertj.core.groups.Tuple.tuple(d("2022-04-01"), d("2038-01-05"), "330106"));
    assertThat(PatentTimeline.transactions(p, List.of(tr)))
        .containsExactly(new Transaction("transfer", d("2022-04-01"), d("2022-04-05"), "330402", "330106"));
  }

  @Test
  void grantsFrom2021StayWithTheFirstApplicant() {
    Event tr = new Event("TR01", d("2024-04-01"), d("2024-04-01"), d("2024-04-05"), "330106");
    List<Interval> iv = PatentTimeline.intervals(invention("2021-03-01", "2023-05-10", "2023-05-16"), List.of(tr), RULES);
    assertThat(view(iv, "latest")).extracting(Interval::county, Interval::basis)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("330402", "applicant"));
  }

  @Test
  void termsFollowTheTypeAndTheDesignRuleOf2021() {
    assertThat(PatentTimeline.termEnd("invention", d("2010-01-01"))).isEqualTo(d("2030-01-01"));
    assertThat(PatentTimeline.termEnd("utility_model", d("2015-07-01"))).isEqualTo(d("2025-07-01"));
    assertThat(PatentTimeline.termEnd("design", d("2021-05-31"))).isEqualTo(d("2031-05-31"));
    assertThat(PatentTimeline.termEnd("design", d("2021-06-01"))).isEqualTo(d("2036-06-01"));
  }

  @Test
  void surrenderAndExpiryEndValidity() {
    Event av = new Event("AV01", d("2024-02-01"), d("2024-02-01"), d("2024-02-06"), null);
    assertThat(view(PatentTimeline.intervals(invention("2021-03-01", "2023-05-10", "2023-05-16"), List.of(av), RULES), "latest"))
        .extracting(Interval::to).containsExactly(d("2024-02-01"));
  }

  @Test
  void highValueCriteriaStartWhenTheyAreMetAndKnown() {
    Patent p = new Patent("201010000003.1", "invention", d("2010-01-04"), d("2012-05-10"), d("2012-05-15"), "330402", "330402",
        "1.6", d("2012-05-15"), true, d("2013-01-08"), 2019, d("2019-12-10"));
    Interval latest = view(PatentTimeline.intervals(p, List.of(), RULES), "latest").get(0);
    assertThat(latest.seiFrom()).isEqualTo(PatentTimeline.ALWAYS);
    assertThat(latest.overseasFrom()).isEqualTo(PatentTimeline.ALWAYS);
    assertThat(latest.maintainedFrom()).isEqualTo(d("2020-01-05"));
    assertThat(latest.awardFrom()).isEqualTo(d("2019-01-01"));
    Interval fp = view(PatentTimeline.intervals(p, List.of(), RULES), "first_published").get(0);
    assertThat(fp.overseasFrom()).isEqualTo(d("2012-12-09"));
    assertThat(fp.awardFrom()).isEqualTo(d("2019-11-10"));
  }

  @Test
  void aGrantKnownOnlyFromItsGr01EventCounts() {
    Patent p = new Patent("202220000004.5", "utility_model", d("2022-01-10"), null, null, "330402", null,
        null, null, false, null, null, null);
    Event gr = new Event("GR01", d("2022-07-01"), d("2022-07-01"), d("2022-07-05"), null);
    assertThat(view(PatentTimeline.intervals(p, List.of(gr), RULES), "latest")).extracting(Interval::from, Interval::to)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(d("2022-07-01"), d("2032-01-10")));
  }
}
