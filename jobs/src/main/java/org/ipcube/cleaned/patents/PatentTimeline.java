package org.ipcube.cleaned.patents;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One patent's life as the counting rules of INDICATORS.md see it: plain Java over one patent
 * and its deduplicated legal events, so every rule is unit-testable without Spark.
 *
 * <p>Validity: from grant until the first of CF01 (at its effective date, undone by a later
 * RR01), CX01, AV01, AD01, IW01, or the end of term (invention 20 years from filing, utility
 * model 10, design 10, or 15 for filings from 2021-06-01). Attribution: granted up to 2020-12-31
 * by the first patentee at the time (after transfers), from 2021-01-01 by the first applicant.
 *
 * <p>Two views. {@code latest}: everything delivered so far, so an RR01 erases its CF01. {@code
 * first_published}: a period end P counts what was known at P + lag, so a fact dated d and first
 * delivered on k takes effect at max(d, k − lag); a restored lapse then shows as a gap.
 */
public final class PatentTimeline {
  private PatentTimeline() {}

  public static final LocalDate ALWAYS = LocalDate.of(1900, 1, 1);
  public static final LocalDate PATENTEE_RULE_UNTIL = LocalDate.of(2020, 12, 31);
  public static final LocalDate DESIGN_15_YEARS_FROM = LocalDate.of(2021, 6, 1);

  /** Settings the rules depend on (passed in; the timeline never reads configuration). */
  public record Rules(int publicationLagDays, int maintainedYears, boolean maintainedFromGrant) implements Serializable {}

  /** What the timeline needs of a cleaned.patents row. */
  public record Patent(String applicationNumber, String type, LocalDate filing, LocalDate grant, LocalDate grantKnown,
      String applicantCounty, String patenteeCounty, String sei, LocalDate seiKnown, boolean overseas,
      LocalDate overseasKnown, Integer awardYear, LocalDate awardKnown) {}

  /** A deduplicated legal event. */
  public record Event(String code, LocalDate eventDate, LocalDate effective, LocalDate known, String newOwnerCounty) {}

  /** A stretch of validity, owned by one region, in one view. {@code to} is exclusive. */
  public record Interval(String view, LocalDate from, LocalDate to, String county, String basis, LocalDate seiFrom,
      LocalDate overseasFrom, LocalDate maintainedFrom, LocalDate awardFrom) {}

  /** A transfer (TR01) or licence (EE01), with the regions it moves between. */
  public record Transaction(String type, LocalDate eventDate, LocalDate known, String fromCounty, String toCounty) {}

  public static final List<String> ENDS = List.of("CF01", "CX01", "AV01", "AD01", "IW01");

  public static LocalDate termEnd(String type, LocalDate filing) {
    int years = switch (type) {
      case "invention" -> 20;
      case "design" -> filing.isBefore(DESIGN_15_YEARS_FROM) ? 10 : 15;
      default -> 10;
    };
    return filing.plusYears(years);
  }

  public static List<Interval> intervals(Patent p, List<Event> events, Rules rules) {
    List<Interval> out = new ArrayList<>();
    LocalDate grant = p.grant();
    LocalDate grantKnown = p.grantKnown();
    for (Event e : events) {
      if (e.code().equals("GR01") && grant == null) {
        grant = e.effective();
        grantKnown = e.known();
      }
    }
    if (grant == null || p.filing() == null || p.type() == null) return out;
    List<Event> sorted = new ArrayList<>(events);
    sorted.sort(Comparator.comparing(Event::effective).thenComparing(Event::known).thenComparing(Event::code));
    boolean byPatentee = !grant.isAfter(PATENTEE_RULE_UNTIL);
    for (String view : new String[] {"latest", "first_published"}) {
      boolean fp = view.equals("first_published");
      LocalDate start = at(grant, grantKnown, fp, rules);
      LocalDate end = termEnd(p.type(), p.filing());
      List<LocalDate[]> gaps = new ArrayList<>();
      List<Event> openLapses = new ArrayList<>();
      for (Event e : sorted) {
        if (e.code().equals("CF01")) {
          openLapses.add(e);
        } else if (e.code().equals("RR01") && !openLapses.isEmpty()) {
          // RR01 restores the most recent lapse before it.
          Event cf = openLapses.remove(openLapses.size() - 1);
          if (fp) {
            LocalDate gapFrom = at(cf.effective(), cf.known(), true, rules);
            LocalDate gapTo = e.known().minusDays(rules.publicationLagDays());
            if (gapTo.isAfter(gapFrom)) gaps.add(new LocalDate[] {gapFrom, gapTo});
          }
        } else if (ENDS.contains(e.code())) {
          LocalDate t = at(e.effective(), e.known(), fp, rules);
          if (t.isBefore(end)) end = t;
        }
      }
      for (Event cf : openLapses) {
        LocalDate t = at(cf.effective(), cf.known(), fp, rules);
        if (t.isBefore(end)) end = t;
      }
      if (!end.isAfter(start)) continue;
      // Owner changes split the validity when attribution follows the patentee.
      List<LocalDate> cuts = new ArrayList<>();
      List<String> owners = new ArrayList<>();
      String owner = byPatentee ? firstNonNull(p.patenteeCounty(), p.applicantCounty()) : p.applicantCounty();
      if (byPatentee) {
        for (Event e : sorted) {
          if ((e.code().equals("TR01") || e.code().equals("CP01")) && e.newOwnerCounty() != null) {
            cuts.add(at(e.effective(), e.known(), fp, rules));
            owners.add(e.newOwnerCounty());
          }
        }
      }
      LocalDate seiFrom = p.sei() == null ? null : fp ? shift(p.seiKnown(), rules) : ALWAYS;
      LocalDate overseasFrom = !p.overseas() ? null : fp ? shift(p.overseasKnown(), rules) : ALWAYS;
      LocalDate maintainedFrom = (rules.maintainedFromGrant() ? grant : p.filing()).plusYears(rules.maintainedYears()).plusDays(1);
      LocalDate awardFrom = p.awardYear() == null ? null
          : max(LocalDate.of(p.awardYear(), 1, 1), fp ? shift(p.awardKnown(), rules) : ALWAYS);
      if (!p.type().equals("invention")) {
        seiFrom = null;
        overseasFrom = null;
        maintainedFrom = null;
        awardFrom = null;
      }
      String basis = byPatentee ? "patentee" : "applicant";
      // Walk [start, end) cut by ownership changes and by gaps.
      List<LocalDate> points = new ArrayList<>();
      points.add(start);
      points.add(end);
      for (LocalDate c : cuts) if (c.isAfter(start) && c.isBefore(end)) points.add(c);
      for (LocalDate[] g : gaps) {
        if (g[0].isAfter(start) && g[0].isBefore(end)) points.add(g[0]);
        if (g[1].isAfter(start) && g[1].isBefore(end)) points.add(g[1]);
      }
      List<LocalDate> distinct = points.stream().distinct().sorted().toList();
      for (int i = 0; i + 1 < distinct.size(); i++) {
        LocalDate a = distinct.get(i);
        LocalDate b = distinct.get(i + 1);
        if (inGap(a, gaps)) continue;
        String county = owner;
        for (int k = 0; k < cuts.size(); k++) {
          if (!cuts.get(k).isAfter(a)) county = owners.get(k);
        }
        Interval last = out.isEmpty() ? null : out.get(out.size() - 1);
        if (last != null && last.view().equals(view) && last.to().equals(a) && last.county().equals(county)) {
          out.set(out.size() - 1, new Interval(view, last.from(), b, county, basis, seiFrom, overseasFrom, maintainedFrom, awardFrom));
        } else {
          out.add(new Interval(view, a, b, county, basis, seiFrom, overseasFrom, maintainedFrom, awardFrom));
        }
      }
    }
    return out;
  }

  /** Transfers (counted for the transferee, transferor kept) and licences (the owner at the time). */
  public static List<Transaction> transactions(Patent p, List<Event> events) {
    List<Event> sorted = new ArrayList<>(events);
    sorted.sort(Comparator.comparing(Event::effective).thenComparing(Event::known).thenComparing(Event::code));
    List<Transaction> out = new ArrayList<>();
    String owner = firstNonNull(p.patenteeCounty(), p.applicantCounty());
    for (Event e : sorted) {
      switch (e.code()) {
        case "TR01" -> {
          out.add(new Transaction("transfer", e.effective(), e.known(), owner, e.newOwnerCounty()));
          if (e.newOwnerCounty() != null) owner = e.newOwnerCounty();
        }
        case "CP01" -> {
          if (e.newOwnerCounty() != null) owner = e.newOwnerCounty();
        }
        case "EE01" -> out.add(new Transaction("licence", e.effective(), e.known(), owner, owner));
        default -> {
          // other events do not move or license rights
        }
      }
    }
    return out;
  }

  private static boolean inGap(LocalDate a, List<LocalDate[]> gaps) {
    for (LocalDate[] g : gaps) {
      if (!a.isBefore(g[0]) && a.isBefore(g[1])) return true;
    }
    return false;
  }

  /** When a fact dated {@code date}, first delivered on {@code known}, takes effect in a view. */
  static LocalDate at(LocalDate date, LocalDate known, boolean firstPublished, Rules rules) {
    if (!firstPublished || known == null) return date;
    return max(date, known.minusDays(rules.publicationLagDays()));
  }

  private static LocalDate shift(LocalDate known, Rules rules) {
    return known == null ? ALWAYS : known.minusDays(rules.publicationLagDays());
  }

  private static LocalDate max(LocalDate a, LocalDate b) {
    return a.isAfter(b) ? a : b;
  }

  private static String firstNonNull(String a, String b) {
    return a != null ? a : b;
  }
}
