package org.ipcube.feeds.pledges;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.ipcube.landing.DeliveryWriter;
import org.ipcube.feeds.RegionSampler;
import org.ipcube.feeds.RegionSampler.Owner;
import org.ipcube.landing.Feed;

/**
 * Writes {@code pledge} deliveries exactly as feed SPEC §5 describes: GB18030 CSV with the Chinese
 * header, not compressed, one row per registration event (生效, 变更, 注销) of a pledge contract.
 * Contracts come from the other generators ({@link Seed}s: the patent generator's PE01 pledges,
 * the trademark generator's pledged marks), so the rights they pledge exist in the patent and
 * trademark feeds; some patent contracts also pledge a trademark (专利+商标). Secured amounts are
 * log-normal (median 500万元, σ 1.32), so about 70% of contracts are under 1000万元 with a heavy tail.
 *
 * <p>Dirt at {@code dirtRate}: USCC missing, malformed or with a wrong check character; amounts
 * with thousands separators or blank; the same row again in a later delivery; a 变更 for a
 * contract nobody registered; dates as 2023/5/6, 2023年5月6日 or 20230506. Pledgor names sometimes
 * use rare characters outside the BMP (GB18030 four-byte sequences).
 */
public final class PledgeFeedGenerator {
  public static final Charset GB18030 = Charset.forName("GB18030");
  /** A contract to register: its number, dates, the rights (ZL…/TM…) and the pledgor. */
  public record Seed(String registrationNo, LocalDate effective, LocalDate cancelled, List<String> rights, Owner pledgor) {}

  /**
   * {@code contractsPerYear}: contracts registered per year; seeds are topped up to it with
   * contracts pledging rights filed before the generated range (the warehouse does not know them,
   * as it would not for rights older than its first delivery) and trademarks.
   */
  public record Params(LocalDate from, LocalDate to, int contractsPerYear, long seed, double dirtRate, int recordsPerFile) {}

  /** National ratio: ~38 k pledge contracts a year against ~5 M patent applications. */
  public static int contractsPerYear(int patentsPerYear) {
    return (int) Math.round(patentsPerYear * 0.0076);
  }

  public record Summary(long contracts, long rows) {}

  private static final String[] PLEDGEES = {"中国工商银行股份有限公司", "中国建设银行股份有限公司", "中国农业银行股份有限公司",
      "中国银行股份有限公司", "交通银行股份有限公司", "招商银行股份有限公司", "浙江泰隆商业银行股份有限公司", "宁波银行股份有限公司",
      "杭州银行股份有限公司", "中国邮政储蓄银行股份有限公司", "兴业银行股份有限公司", "中小企业融资担保有限公司"};
  /** Rare characters (CJK Extension A/B, four bytes in GB18030) that real enterprise names carry. */
  private static final String[] RARE = {"䶮", "𠀾", "𡒄", "𥻗", "㵘", "𬌗"};
  private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_LOCAL_DATE;

  private final Params p;
  private final Path landing;
  private final NavigableSet<LocalDate> deliveryDates;
  private final Map<LocalDate, DeliveryWriter> writers = new TreeMap<>();

  public PledgeFeedGenerator(Params params, Path landingRoot, NavigableSet<LocalDate> deliveryDates) {
    this.p = params;
    this.landing = landingRoot;
    this.deliveryDates = deliveryDates;
  }

  /**
   * Writes every seed's rows into the delivery on or after the day each happens (later days are
   * not delivered). {@code trademarkRights} (TM… ids) are drawn from to make mixed contracts.
   */
  public Summary generate(List<Seed> givenSeeds, List<String> trademarkRights, RegionSampler sampler) {
    List<Seed> seeds = new ArrayList<>(givenSeeds);
    seeds.addAll(topUp(givenSeeds, trademarkRights, sampler));
    long rows = 0;
    long contracts = 0;
    for (int i = 0; i < seeds.size(); i++) {
      Seed s = seeds.get(i);
      SplittableRandom rnd = new SplittableRandom(p.seed() * 0x2545F4914F6CDD1DL + s.registrationNo().hashCode());
      List<String> rights = new ArrayList<>(s.rights());
      if (rights.get(0).startsWith("ZL") && rnd.nextDouble() < 0.12) {
        rights.add(trademarkRights.isEmpty() ? "TM" + (10_000_000 + rnd.nextInt(60_000_000))
            : trademarkRights.get(rnd.nextInt(trademarkRights.size())));
      }
      if (rnd.nextDouble() < 0.2 && rights.get(0).startsWith("ZL")) {
        // Several patents in one contract: add the patent of a nearby seed (same period of the register).
        int j = i + 1 + rnd.nextInt(5);
        if (j < seeds.size() && seeds.get(j).rights().get(0).startsWith("ZL")) rights.add(seeds.get(j).rights().get(0));
      }
      long written = contract(rnd, s, rights);
      rows += written;
      if (written > 0) contracts++;
    }
    for (LocalDate d : deliveryDates) writer(d);
    writers.values().forEach(DeliveryWriter::close);
    return new Summary(contracts, rows);
  }

  /** Contracts that bring each year of the range up to {@code contractsPerYear}. */
  private List<Seed> topUp(List<Seed> seeds, List<String> trademarkRights, RegionSampler sampler) {
    List<Seed> out = new ArrayList<>();
    for (int year = p.from().getYear(); year <= p.to().getYear(); year++) {
      final int y = year;
      long have = seeds.stream().filter(s -> s.effective().getYear() == y).count();
      LocalDate start = LocalDate.of(year, 1, 1).isBefore(p.from()) ? p.from() : LocalDate.of(year, 1, 1);
      LocalDate end = LocalDate.of(year, 12, 31).isAfter(p.to()) ? p.to() : LocalDate.of(year, 12, 31);
      long days = java.time.temporal.ChronoUnit.DAYS.between(start, end) + 1;
      long want = Math.round(p.contractsPerYear() * days / 365.0) - have;
      SplittableRandom rnd = new SplittableRandom(p.seed() ^ (year * 0x9E3779B97F4A7C15L));
      for (long k = 0; k < want; k++) {
        LocalDate on = start.plusDays(rnd.nextInt((int) days));
        List<String> rights = new ArrayList<>();
        if (rnd.nextDouble() < 0.72) {
          int n = 1 + (rnd.nextDouble() < 0.25 ? rnd.nextInt(4) : 0);
          for (int i = 0; i < n; i++) rights.add("ZL" + olderPatent(rnd, p.from()));
        } else {
          rights.add(trademarkRights.isEmpty() ? "TM" + (10_000_000 + rnd.nextInt(60_000_000))
              : trademarkRights.get(rnd.nextInt(trademarkRights.size())));
        }
        Owner o = sampler.owner(rnd, on, 0.0, p.dirtRate());
        if (o.type().equals("个人") || o.uscc() == null) o = sampler.owner(rnd, on, 0.0, p.dirtRate());
        String regNo = "Y" + on.getYear() + String.format("%09d", rnd.nextInt(1_000_000_000));
        out.add(new Seed(regNo, on, rnd.nextDouble() < 0.6 ? on.plusDays(300 + rnd.nextInt(700)) : null, rights, o));
      }
    }
    return out;
  }

  /** An application number (with its check character) filed in the three years before {@code from}. */
  private static String olderPatent(SplittableRandom rnd, LocalDate from) {
    String digits = (from.getYear() - 1 - rnd.nextInt(3)) + (rnd.nextBoolean() ? "1" : "2") + String.format("%07d", rnd.nextInt(9_000_000));
    return digits + "." + org.ipcube.cleaned.patents.ApplicationNumbers.checkCharacter(digits);
  }

  private DeliveryWriter writer(LocalDate date) {
    return writers.computeIfAbsent(date, d -> new DeliveryWriter(landing, Feed.pledge.name(), d.toString(), 1, "csv", false, GB18030,
        Feed.PLEDGE_HEADER + "\n", null, p.recordsPerFile()));
  }

  /** Log-normal secured amount in 万元, two decimals. */
  public static double amount(SplittableRandom rnd) {
    double z = gaussian(rnd);
    return Math.max(1, Math.round(Math.exp(Math.log(500) + 1.32 * z) * 100) / 100.0);
  }

  private static double gaussian(SplittableRandom rnd) {
    double u1 = 1 - rnd.nextDouble();
    double u2 = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  private long contract(SplittableRandom rnd, Seed s, List<String> rights) {
    double dirt = p.dirtRate();
    boolean patent = rights.stream().anyMatch(r -> r.startsWith("ZL"));
    boolean trademark = rights.stream().anyMatch(r -> r.startsWith("TM"));
    String type = patent && trademark ? "专利+商标" : patent ? "专利" : "商标";
    Owner o = s.pledgor();
    String name = rnd.nextDouble() < 0.02 ? o.name().substring(0, Math.min(2, o.name().length())) + RARE[rnd.nextInt(RARE.length)]
        + o.name().substring(Math.min(2, o.name().length())) : o.name();
    String uscc = o.uscc() == null ? "" : o.uscc();
    double u = rnd.nextDouble();
    if (u < dirt / 3) uscc = "";
    else if (u < 2 * dirt / 3 && !uscc.isEmpty()) uscc = uscc.substring(0, 17);
    else if (u < dirt && !uscc.isEmpty()) uscc = uscc.substring(0, 17) + (uscc.charAt(17) == '0' ? '1' : '0');
    String pledgee = PLEDGEES[rnd.nextInt(PLEDGEES.length)];
    String items = String.join(rnd.nextBoolean() ? ";" : "；", rights);
    double amount = amount(rnd);
    LocalDate expiry = s.effective().plusYears(1 + rnd.nextInt(3)).minusDays(1);
    long rows = 0;
    rows += row(rnd, s.effective(), s.registrationNo(), type, name, uscc, o.address(), pledgee, items, amount,
        s.effective(), expiry, "生效", s.effective());
    if (rnd.nextDouble() < 0.18) {
      LocalDate changed = s.effective().plusDays(30 + rnd.nextInt(300));
      boolean newAmount = rnd.nextDouble() < 0.7;
      Double changedAmount = newAmount ? Math.round(amount * (0.6 + rnd.nextDouble() * 1.4) * 100) / 100.0 : null;
      expiry = newAmount ? expiry : expiry.plusYears(1);
      rows += row(rnd, changed, s.registrationNo(), type, name, uscc, o.address(), pledgee, items, changedAmount,
          s.effective(), expiry, "变更", changed);
    }
    if (s.cancelled() != null) {
      rows += row(rnd, s.cancelled(), s.registrationNo(), type, name, uscc, o.address(), pledgee, items, null,
          s.effective(), expiry, "注销", s.cancelled());
    }
    if (rnd.nextDouble() < dirt / 4) {
      // A 变更 for a contract nobody registered (a typing error in the registration number).
      LocalDate changed = s.effective().plusDays(10 + rnd.nextInt(100));
      rows += row(rnd, changed, s.registrationNo().replace('Y', 'Z'), type, name, uscc, o.address(), pledgee, items,
          amount * 1.1, s.effective(), expiry, "变更", changed);
    }
    return rows;
  }

  /** Writes one row into its delivery (and sometimes again into the next); returns rows written. */
  private long row(SplittableRandom rnd, LocalDate happened, String regNo, String type, String name, String uscc, String address,
      String pledgee, String items, Double amount, LocalDate registered, LocalDate expiry, String status, LocalDate statusDate) {
    LocalDate d = deliveryDates.ceiling(happened.plusDays(rnd.nextInt(10)));
    if (d == null) return 0;
    double dirt = p.dirtRate();
    String amountText = amount == null ? "" : String.format("%.2f", amount);
    if (amount != null && rnd.nextDouble() < dirt) amountText = String.format("%,.2f", amount);
    if (amount != null && status.equals("生效") && rnd.nextDouble() < dirt / 4) amountText = "";
    String line = String.join(",", regNo, type, csv(name), uscc, csv(address), pledgee, csv(items), csv(amountText),
        date(rnd, registered), date(rnd, expiry), status, date(rnd, statusDate)) + "\n";
    writer(d).write(line);
    long n = 1;
    if (rnd.nextDouble() < dirt) {
      LocalDate again = deliveryDates.higher(d);
      if (again != null) {
        writer(again).write(line);
        n++;
      }
    }
    return n;
  }

  private String date(SplittableRandom rnd, LocalDate d) {
    if (rnd.nextDouble() >= p.dirtRate()) return d.format(ISO);
    return switch (rnd.nextInt(3)) {
      case 0 -> d.getYear() + "/" + d.getMonthValue() + "/" + d.getDayOfMonth();
      case 1 -> d.getYear() + "年" + d.getMonthValue() + "月" + d.getDayOfMonth() + "日";
      default -> d.format(DateTimeFormatter.BASIC_ISO_DATE);
    };
  }

  private static String csv(String s) {
    return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }
}
