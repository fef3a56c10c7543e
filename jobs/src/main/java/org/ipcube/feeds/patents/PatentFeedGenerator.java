package org.ipcube.feeds.patents;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import org.ipcube.cleaned.patents.ApplicationNumbers;
import org.ipcube.landing.DeliveryWriter;
import org.ipcube.feeds.RegionSampler;
import org.ipcube.feeds.pledges.PledgeFeedGenerator;
import org.ipcube.feeds.RegionSampler.Owner;
import org.ipcube.region.Crosswalk;
import org.ipcube.region.Divisions;
import org.ipcube.landing.Feed;

/**
 * Writes {@code patent_biblio} (XML, gzip) and {@code patent_legal} (CSV, gzip) deliveries exactly
 * as feed SPEC §2-3 describe, for weekly delivery dates (Tuesdays, CNIPA's publication day) in a
 * date range. Each patent's whole life (filing, publication, grant, fee lapses with backdated
 * effective dates and restorations, expiry, surrender, invalidation, transfers, licences, pledges)
 * is a pure function of (seed, patent number), so output is deterministic for a seed. Records go
 * to the delivery on or after the day they happen; what happens after the range is not delivered.
 *
 * <p>Dirt at {@code dirtRate}: application-number formatting and wrong check characters, type
 * disagreeing with the type digit, date formats and impossible dates, address dirt (postcode,
 * full-width, short names, development zones, abolished county names, no province, foreign),
 * the same document twice in one file, events delivered twice, malformed CSV lines, and a few
 * redelivered dates ({@code .2}) that correct their first delivery.
 */
public final class PatentFeedGenerator {

  /** What to generate. */
  public record Params(LocalDate from, LocalDate to, int patentsPerYear, long seed, double dirtRate, int recordsPerFile) {}

  /** What was written, for the console and for tests. */
  public record Summary(int deliveryDates, long documents, long biblioRecords, long legalRecords, int redeliveries) {}

  private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_LOCAL_DATE;
  private static final String[] IPC = {"G06F 16/27", "H04L 67/10", "A61K 31/00", "B65G 47/90", "H01M 10/052", "G01N 21/64",
      "C08L 67/02", "F16H 57/02", "B23K 26/38", "H02J 7/00", "G06N 3/08", "A01G 9/02", "E04B 1/38", "D06F 39/00", "B60L 53/80"};
  private static final String[] TITLES = {"一种数据同步方法", "一种电池热管理系统", "一种纺织品染色装置", "一种智能仓储搬运机器人",
      "一种检测方法及装置", "一种复合材料及其制备方法", "一种药物组合物", "一种焊接夹具", "一种图像识别方法",
      "一种节能照明灯具", "一种汽车座椅调节机构", "一种新型包装盒"};
  private static final String[] LOCARNO = {"14-02", "06-01", "02-02", "26-05", "09-03", "12-16"};
  private static final String[] SEI = {"1.1", "1.2", "1.6", "2.1", "3.1", "4.1", "4.2", "5.2", "6.1", "7.1"};
  private static final String[] AWARDS = {"中国专利金奖", "中国专利银奖", "中国专利优秀奖", "国家科学技术进步奖二等奖"};

  private final RegionSampler sampler;
  private final Params p;
  private final NavigableSet<LocalDate> deliveryDates = new TreeSet<>();
  private final TreeSet<LocalDate> redelivered = new TreeSet<>();
  private final Map<String, DeliveryWriter> writers = new TreeMap<>();
  private final Map<String, Integer> serials = new HashMap<>();
  private final Path landing;
  private long documents;
  private final List<PledgeFeedGenerator.Seed> pledges = new ArrayList<>();

  public PatentFeedGenerator(Params params, Path landingRoot) {
    this.p = params;
    this.landing = landingRoot;
    this.sampler = new RegionSampler(Divisions.shipped(), Crosswalk.shipped());
    LocalDate d = params.from().with(TemporalAdjusters.nextOrSame(DayOfWeek.TUESDAY));
    SplittableRandom rnd = new SplittableRandom(params.seed() ^ 0x5EEDL);
    for (; !d.isAfter(params.to()); d = d.plusWeeks(1)) {
      deliveryDates.add(d);
      if (rnd.nextDouble() < Math.min(0.5, params.dirtRate())) redelivered.add(d);
    }
  }

  public Summary generate() {
    long days = ChronoUnit.DAYS.between(p.from(), p.to()) + 1;
    long total = Math.round(p.patentsPerYear() * days / 365.25);
    for (long i = 0; i < total; i++) {
      LocalDate filing = p.from().plusDays(i * days / Math.max(1, total));
      patent(new SplittableRandom(p.seed() * 0x9E3779B97F4A7C15L + i), filing);
    }
    // Every delivery date gets a delivery, empty or not: the nightly load waits for _SUCCESS.
    for (LocalDate d : deliveryDates) {
      biblio(d);
      legal(d);
    }
    long biblio = 0;
    long legal = 0;
    for (Map.Entry<String, DeliveryWriter> e : writers.entrySet()) {
      e.getValue().close();
      if (e.getKey().startsWith(Feed.patent_biblio.name()) && !e.getKey().endsWith("|2")) biblio += e.getValue().totalRecords();
      if (e.getKey().startsWith(Feed.patent_legal.name()) && !e.getKey().endsWith("|2")) legal += e.getValue().totalRecords();
    }
    return new Summary(deliveryDates.size(), documents, biblio, legal, redelivered.size() * 2);
  }

  private DeliveryWriter writer(String feed, LocalDate date, int sequence) {
    return writers.computeIfAbsent(feed + "|" + date + "|" + sequence, k -> feed.equals(Feed.patent_biblio.name())
        ? new DeliveryWriter(landing, feed, date.toString(), sequence, "xml", true, StandardCharsets.UTF_8,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PatentDocuments>\n", "</PatentDocuments>\n", p.recordsPerFile())
        : new DeliveryWriter(landing, feed, date.toString(), sequence, "csv", true, StandardCharsets.UTF_8,
            "application_number,event_code,event_date,effective_date,detail\n", null, p.recordsPerFile()));
  }

  private List<DeliveryWriter> biblio(LocalDate date) {
    return writersFor(Feed.patent_biblio.name(), date);
  }

  private List<DeliveryWriter> legal(LocalDate date) {
    return writersFor(Feed.patent_legal.name(), date);
  }

  /** The writers of a date: sequence 1, and sequence 2 too when the date is redelivered. */
  private List<DeliveryWriter> writersFor(String feed, LocalDate date) {
    List<DeliveryWriter> out = new ArrayList<>(2);
    out.add(writer(feed, date, 1));
    if (redelivered.contains(date)) out.add(writer(feed, date, 2));
    return out;
  }

  /** The delivery that carries something that happened on {@code day}, or null if after the range. */
  private LocalDate deliveryFor(SplittableRandom rnd, LocalDate day) {
    LocalDate d = deliveryDates.ceiling(day.plusDays(rnd.nextInt(10)));
    return d;
  }

  private void patent(SplittableRandom rnd, LocalDate filing) {
    double u = rnd.nextDouble();
    String type = u < 0.37 ? "invention" : u < 0.83 ? "utility_model" : "design";
    boolean pct = !type.equals("design") && rnd.nextDouble() < 0.03;
    String typeDigit = switch (type) {
      case "invention" -> pct ? "8" : "1";
      case "utility_model" -> pct ? "9" : "2";
      default -> "3";
    };
    // A PCT application enters China's national phase about 30 months after its priority date, i.e.
    // 18-20 months after its international filing date, which becomes its Chinese application date;
    // its Chinese number carries the year it entered. The drawn day is the entry day here, so the
    // entries of a range arrive in it (derived from the day, so the document's other draws stay).
    LocalDate pctEntry = null;
    if (pct) {
      pctEntry = filing;
      filing = filing.minusDays(540 + Math.floorMod(filing.toEpochDay() * 31, 60));
    }
    int numberYear = (pct ? pctEntry : filing).getYear();
    int serial = serials.merge(numberYear + typeDigit, 1 + rnd.nextInt(3), Integer::sum);
    String digits = numberYear + typeDigit + String.format("%07d", serial);
    String number = digits + "." + ApplicationNumbers.checkCharacter(digits);
    // Most PCT applications entering China come from abroad (CNIPA: about 100 k entries a year, the
    // great majority foreign); the others are domestic applicants' own filings through the PCT.
    double foreign = pct ? 0.7 : type.equals("invention") ? 0.08 : type.equals("design") ? 0.04 : 0.01;
    List<Owner> applicants = new ArrayList<>();
    int nApplicants = rnd.nextDouble() < 0.7 ? 1 : rnd.nextDouble() < 0.67 ? 2 : 3;
    for (int k = 0; k < nApplicants; k++) applicants.add(sampler.owner(rnd, filing, foreign, p.dirtRate()));

    Doc doc = new Doc(number, type, filing, applicants);
    doc.title = TITLES[rnd.nextInt(TITLES.length)];
    doc.ipc = IPC[rnd.nextInt(IPC.length)];
    doc.locarno = LOCARNO[rnd.nextInt(LOCARNO.length)];
    doc.service = applicants.get(0).type().equals("个人") ? "非职务" : "职务";
    doc.inventors = 1 + rnd.nextInt(6);
    doc.pct = pct;
    doc.pctEntry = pctEntry;
    if (type.equals("invention")) {
      if (rnd.nextDouble() < 0.35) doc.sei = SEI[rnd.nextInt(SEI.length)];
      doc.overseas = rnd.nextDouble() < 0.06;
    }
    documents++;

    List<Event> events = new ArrayList<>();
    LocalDate grant = null;
    if (type.equals("invention")) {
      doc.publication = filing.plusDays(180 + rnd.nextInt(365));
      // A national-phase application is published in China after it entered.
      if (pct) doc.publication = doc.pctEntry.plusDays(60 + doc.publication.toEpochDay() % 90);
      emitBiblio(rnd, doc, doc.publication);
      events.add(new Event("PB01", doc.publication, null, ""));
      events.add(new Event("SE01", doc.publication.plusDays(30 + rnd.nextInt(120)), null, ""));
      if (rnd.nextDouble() < 0.55) grant = filing.plusDays(420 + rnd.nextInt(800));
    } else if (rnd.nextDouble() < (type.equals("utility_model") ? 0.93 : 0.88)) {
      grant = filing.plusDays((type.equals("utility_model") ? 120 : 90) + rnd.nextInt(240));
    }
    if (grant != null && pct) {
      LocalDate earliest = doc.publication != null ? doc.publication.plusDays(180) : doc.pctEntry.plusDays(120);
      if (grant.isBefore(earliest)) grant = earliest.plusDays(grant.toEpochDay() % 120);
    }
    if (grant != null) {
      doc.grant = grant;
      doc.patentees = new ArrayList<>(applicants);
      emitBiblio(rnd, doc, grant);
      events.add(new Event("GR01", grant, null, ""));
      lifeAfterGrant(rnd, doc, events);
    }
    for (Event e : events) emitEvent(rnd, number, e);
  }

  private void lifeAfterGrant(SplittableRandom rnd, Doc doc, List<Event> events) {
    int termYears = doc.type.equals("invention") ? 20
        : doc.type.equals("design") && !doc.filing.isBefore(LocalDate.of(2021, 6, 1)) ? 15 : 10;
    LocalDate termEnd = doc.filing.plusYears(termYears);
    double lapse = doc.type.equals("invention") ? 0.05 : 0.14;
    if (doc.type.equals("utility_model") && rnd.nextDouble() < 0.01) {
      events.add(new Event("AD01", doc.grant.plusDays(20 + rnd.nextInt(60)), null, ""));
      return;
    }
    boolean awarded = false;
    for (int k = 1; k <= termYears; k++) {
      LocalDate due = doc.filing.plusYears(k);
      if (!due.isAfter(doc.grant)) continue;
      LocalDate yearStart = due.minusYears(1);
      if (rnd.nextDouble() < 0.025) transfer(rnd, doc, events, yearStart.plusDays(rnd.nextInt(365)), "TR01");
      if (rnd.nextDouble() < 0.005) transfer(rnd, doc, events, yearStart.plusDays(rnd.nextInt(365)), "CP01");
      if (rnd.nextDouble() < 0.012) {
        LocalDate lic = yearStart.plusDays(rnd.nextInt(365));
        String contract = "X" + doc.number.substring(0, 4) + lic.getYear() + String.format("%06d", rnd.nextInt(1_000_000));
        String detail = "{\"licensee\":\"" + sampler.owner(rnd, lic, 0.02, 0).name() + "\",\"contract_no\":\"" + contract + "\"}";
        events.add(new Event("EE01", lic, null, detail));
        if (rnd.nextBoolean()) events.add(new Event("EC01", lic.plusDays(365 + rnd.nextInt(700)), null, detail));
      }
      if (rnd.nextDouble() < 0.01) {
        LocalDate pl = yearStart.plusDays(rnd.nextInt(365));
        String regNo = "Y" + pl.getYear() + String.format("%09d", rnd.nextInt(1_000_000_000));
        String detail = "{\"pledge_reg_no\":\"" + regNo + "\"}";
        LocalDate released = pl.plusDays(300 + rnd.nextInt(500));
        events.add(new Event("PE01", pl, null, detail));
        events.add(new Event("PC01", released, null, detail));
        pledges.add(new PledgeFeedGenerator.Seed(regNo, pl, released, List.of("ZL" + doc.number), doc.patentees.get(0)));
      }
      if (rnd.nextDouble() < 0.002) events.add(new Event("IP01", yearStart.plusDays(rnd.nextInt(365)), null, ""));
      if (doc.type.equals("invention") && !awarded && k >= 3 && rnd.nextDouble() < 0.004) {
        awarded = true;
        doc.award = AWARDS[rnd.nextInt(AWARDS.length)];
        doc.awardYear = due.getYear();
        emitBiblio(rnd, doc, LocalDate.of(due.getYear(), 12, 1).plusDays(rnd.nextInt(25)));
      }
      if (rnd.nextDouble() < 0.004) {
        events.add(new Event("AV01", yearStart.plusDays(rnd.nextInt(365)), null, ""));
        return;
      }
      if (rnd.nextDouble() < 0.001) {
        events.add(new Event("IW01", yearStart.plusDays(rnd.nextInt(365)), null, ""));
        return;
      }
      if (rnd.nextDouble() < lapse * (k > 5 ? 1.5 : 1.0)) {
        // Unpaid annual fee: announced 6-8 months after the due date, effective at the due date.
        LocalDate announced = due.plusDays(180 + rnd.nextInt(60));
        events.add(new Event("CF01", announced, due, ""));
        if (rnd.nextDouble() < 0.08) {
          events.add(new Event("RR01", announced.plusDays(30 + rnd.nextInt(90)), null, ""));
          continue;
        }
        return;
      }
    }
    events.add(new Event("CX01", termEnd, null, ""));
  }

  private void transfer(SplittableRandom rnd, Doc doc, List<Event> events, LocalDate on, String code) {
    Owner current = doc.patentees.get(0);
    Owner next = code.equals("CP01")
        ? new Owner(current.name() + "(更名)", current.type(), current.uscc(), current.address(), current.provinceField(), current.countyCode())
        : sampler.owner(rnd, on, 0.02, 0);
    doc.patentees = new ArrayList<>(List.of(next));
    String detail = "{\"patentees\":[{\"name\":\"" + json(next.name()) + "\",\"type\":\"" + next.type()
        + "\",\"address\":\"" + json(next.address()) + "\",\"uscc\":" + (next.uscc() == null ? "null" : "\"" + next.uscc() + "\"") + "}]}";
    events.add(new Event(code, on, null, detail));
  }

  private record Event(String code, LocalDate eventDate, LocalDate effectiveDate, String detail) {}

  private void emitEvent(SplittableRandom rnd, String number, Event e) {
    LocalDate d = deliveryFor(rnd, e.eventDate());
    if (d == null) return;
    String num = number;
    String eventDate = e.eventDate().format(ISO);
    boolean malformed = false;
    if (rnd.nextDouble() < p.dirtRate() / 4) num = "CN" + number.replace(".", "");
    if (rnd.nextDouble() < p.dirtRate() / 4) eventDate = e.eventDate().format(DateTimeFormatter.BASIC_ISO_DATE);
    if (rnd.nextDouble() < p.dirtRate() / 20) malformed = true;
    String line = malformed
        ? num + "," + e.code() + "\n"
        : num + "," + e.code() + "," + eventDate + "," + (e.effectiveDate() == null ? "" : e.effectiveDate().format(ISO)) + ","
            + csv(e.detail()) + "\n";
    for (DeliveryWriter w : legal(d)) w.write(line);
    if (rnd.nextDouble() < p.dirtRate()) {
      // The same event delivered again in a later delivery.
      LocalDate again = deliveryDates.higher(d);
      if (again != null) for (DeliveryWriter w : legal(again)) w.write(line);
    }
  }

  private static String csv(String s) {
    if (s.isEmpty()) return "";
    return "\"" + s.replace("\"", "\"\"") + "\"";
  }

  private static String json(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  /** The country in a foreign owner's province field, 美国(US) -> US. */
  private static final java.util.regex.Pattern COUNTRY_CODE = java.util.regex.Pattern.compile("\\(([A-Z]{2})\\)");

  /** One application's bibliographic state as of its latest delivery. */
  private static final class Doc {
    final String number;
    final String type;
    final LocalDate filing;
    final List<Owner> applicants;
    List<Owner> patentees;
    String title;
    String ipc;
    String locarno;
    String service;
    int inventors;
    boolean pct;
    LocalDate pctEntry;
    String sei;
    boolean overseas;
    LocalDate publication;
    LocalDate grant;
    String award;
    int awardYear;

    Doc(String number, String type, LocalDate filing, List<Owner> applicants) {
      this.number = number;
      this.type = type;
      this.filing = filing;
      this.applicants = applicants;
    }
  }

  private void emitBiblio(SplittableRandom rnd, Doc doc, LocalDate happened) {
    LocalDate d = deliveryFor(rnd, happened);
    if (d == null) return;
    double dirt = p.dirtRate();
    String number = doc.number;
    String filing = doc.filing.format(ISO);
    String typeLabel = switch (doc.type) {
      case "invention" -> "发明";
      case "utility_model" -> "实用新型";
      default -> "外观设计";
    };
    if (rnd.nextDouble() < dirt) {
      number = switch (rnd.nextInt(6)) {
        case 0 -> "CN" + number;
        case 1 -> "ZL" + number;
        case 2 -> number.replace(".", "");
        case 3 -> number.replace("X", "x").replace(".", ".");
        case 4 -> fullWidthDigits(number);
        default -> wrongCheck(number);
      };
    }
    if (rnd.nextDouble() < dirt) {
      filing = switch (rnd.nextInt(4)) {
        case 0 -> doc.filing.format(DateTimeFormatter.ofPattern("yyyy.MM.dd"));
        case 1 -> doc.filing.format(DateTimeFormatter.BASIC_ISO_DATE);
        case 2 -> doc.filing.getYear() + "/" + doc.filing.getMonthValue() + "/" + doc.filing.getDayOfMonth();
        default -> doc.filing.getYear() + "-02-30"; // impossible
      };
    }
    if (rnd.nextDouble() < dirt / 2) typeLabel = typeLabel.equals("发明") ? "实用新型" : "发明";
    StringBuilder b = new StringBuilder(1400);
    b.append("<PatentDocument>\n  <ApplicationNumber>").append(number).append("</ApplicationNumber>\n");
    b.append("  <ApplicationDate>").append(filing).append("</ApplicationDate>\n");
    b.append("  <PatentType>").append(typeLabel).append("</PatentType>\n");
    b.append("  <Title>").append(xml(doc.title)).append("</Title>\n");
    String pubPrefix = "CN" + (100000000 + Math.floorMod(doc.number.hashCode(), 900000000));
    if (doc.publication != null) {
      b.append("  <Publication kind=\"A\" date=\"").append(doc.publication).append("\">").append(pubPrefix).append("A</Publication>\n");
    }
    if (doc.grant != null && !happened.isBefore(doc.grant)) {
      String kind = doc.type.equals("invention") ? "B" : doc.type.equals("utility_model") ? "U" : "S";
      b.append("  <Grant kind=\"").append(kind).append("\" date=\"").append(doc.grant).append("\">").append(pubPrefix)
          .append(kind).append("</Grant>\n");
    }
    if (doc.type.equals("design")) {
      b.append("  <Locarno>").append(doc.locarno).append("</Locarno>\n");
    } else {
      b.append("  <MainIPC>").append(doc.ipc).append("</MainIPC> <IPC>").append(doc.ipc).append("</IPC>\n");
    }
    b.append("  <Service>").append(doc.service).append("</Service>\n");
    owners(b, "Applicants", "Applicant", doc.applicants, rnd, dirt);
    if (doc.grant != null && !happened.isBefore(doc.grant)) owners(b, "Patentees", "Patentee", doc.patentees, rnd, 0);
    b.append("  <InventorCount>").append(doc.inventors).append("</InventorCount>\n");
    if (doc.pct) {
      // The receiving office: CNIPA for a mainland first applicant, else the applicant's own country's
      // or region's office (美国(US) -> US), as the PCT's receiving-office rule has it.
      java.util.regex.Matcher country = COUNTRY_CODE.matcher(String.valueOf(doc.applicants.get(0).provinceField()));
      String office = doc.applicants.get(0).countyCode() != null ? "CN" : country.find() ? country.group(1) : "IB";
      b.append("  <PCT international=\"PCT/").append(office).append(doc.filing.getYear()).append('/')
          .append(String.format("%06d", Math.floorMod(doc.number.hashCode(), 1_000_000))).append("\" entry-date=\"")
          .append(doc.pctEntry).append("\"/>\n");
    }
    if (doc.sei != null) b.append("  <StrategicEmergingIndustry version=\"2021\">").append(doc.sei).append("</StrategicEmergingIndustry>\n");
    if (doc.overseas) b.append("  <OverseasFamilyGranted>true</OverseasFamilyGranted>\n");
    if (doc.award != null) {
      b.append("  <Awards><Award year=\"").append(doc.awardYear).append("\">").append(doc.award).append("</Award></Awards>\n");
    }
    b.append("</PatentDocument>\n");
    String record = b.toString();
    boolean twice = rnd.nextDouble() < dirt / 2;
    List<DeliveryWriter> ws = biblio(d);
    for (DeliveryWriter w : ws) {
      w.write(record);
      if (twice) w.write(record); // the same document twice in one file
    }
    if (ws.size() == 2 && rnd.nextDouble() < 0.05) {
      // A record the first delivery had by mistake and the redelivery (.2) corrects away.
      String bogusDigits = doc.number.substring(0, 5) + "9" + doc.number.substring(6, 12);
      String bogus = bogusDigits + "." + ApplicationNumbers.checkCharacter(bogusDigits);
      ws.get(0).write(record.replace(doc.title, doc.title + "(错误记录)").replace(number, bogus));
    }
  }

  private static void owners(StringBuilder b, String outer, String inner, List<Owner> owners, SplittableRandom rnd, double dirt) {
    b.append("  <").append(outer).append(">\n");
    int seq = 1;
    for (Owner o : owners) {
      b.append("    <").append(inner).append(" seq=\"").append(seq++).append("\">\n");
      b.append("      <Name>").append(xml(o.name())).append("</Name>\n");
      b.append("      <Type>").append(o.type()).append("</Type>\n");
      if (o.uscc() != null) b.append("      <USCC>").append(o.uscc()).append("</USCC>\n");
      b.append("      <Address>").append(xml(o.address())).append("</Address>\n");
      String province = rnd.nextDouble() < dirt / 2 ? "" : o.provinceField();
      b.append("      <ProvinceCode>").append(xml(province)).append("</ProvinceCode>\n");
      b.append("    </").append(inner).append(">\n");
    }
    b.append("  </").append(outer).append(">\n");
  }

  private static String xml(String s) {
    return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String fullWidthDigits(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) b.append(Character.isDigit(c) ? (char) (c - '0' + '０') : c);
    return b.toString();
  }

  private static String wrongCheck(String number) {
    char c = number.charAt(number.length() - 1);
    char wrong = c == '0' ? '1' : c == 'X' ? '0' : (char) (c == '9' ? '0' : c + 1);
    return number.substring(0, number.length() - 1) + wrong;
  }

  /** The pledge contracts (PE01) of the generated patents, for the pledge feed. */
  public List<PledgeFeedGenerator.Seed> pledges() {
    return pledges;
  }

  /** The owner sampler, shared with the generators of feeds whose records belong to the same owners. */
  public RegionSampler sampler() {
    return sampler;
  }

  /** For callers that need the delivery calendar (the stats generator, the range runner). */
  public NavigableSet<LocalDate> deliveryDates() {
    return deliveryDates;
  }
}
