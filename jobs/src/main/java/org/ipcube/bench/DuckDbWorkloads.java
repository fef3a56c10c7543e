package org.ipcube.bench;

/**
 * The DuckDB side of the benchmark: the same computations as the Spark workloads, written in
 * DuckDB's SQL over the Parquet files of the same Delta snapshots. Each statement ends in the same
 * checksum query shape as its Spark twin, so the two engines are checked to agree.
 */
final class DuckDbWorkloads {
  private DuckDbWorkloads() {}

  /** W2: normalise numbers and dates, reject bad ones, keep the latest record per application. */
  static String w2Clean() {
    return """
        WITH f AS (
          SELECT *, regexp_replace(translate(upper(regexp_replace(application_number, '\\s', '', 'g')),
                                             '０１２３４５６７８９ＸＣＮＺＬ．', '0123456789XCNZL.'), '^(ZL)?(CN)?', '') AS b,
                 translate(trim(application_date), '０１２３４５６７８９－．／', '0123456789-./') AS ad,
                 translate(trim(grant_date), '０１２３４５６７８９－．／', '0123456789-./') AS gd
          FROM raw_biblio),
        n AS (
          SELECT *, replace(b, '.', '') AS digits,
                 coalesce(try_strptime(ad, '%Y-%m-%d'), try_strptime(ad, '%Y.%m.%d'), try_strptime(ad, '%Y%m%d'),
                          try_strptime(ad, '%Y/%-m/%-d'))::DATE AS filed,
                 coalesce(try_strptime(gd, '%Y-%m-%d'), try_strptime(gd, '%Y.%m.%d'), try_strptime(gd, '%Y%m%d'),
                          try_strptime(gd, '%Y/%-m/%-d'))::DATE AS granted
          FROM f WHERE regexp_full_match(b, '[0-9]{12}\\.?[0-9X]|[0-9]{8}\\.?[0-9X]')),
        c AS (
          SELECT *,
                 CASE WHEN length(digits) = 13
                      THEN list_sum(list_transform(range(1, 13), i -> (ascii(digits[i]) - 48) * [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5][i])) % 11
                      ELSE list_sum(list_transform(range(1, 9), i -> (ascii(digits[i]) - 48) * (i + 1))) % 11 END AS r,
                 CASE WHEN length(digits) = 13 THEN digits[5] ELSE digits[3] END AS type_digit
          FROM n),
        ok AS (
          SELECT * FROM c
          WHERE right(digits, 1) = CASE WHEN r = 10 THEN 'X' ELSE CAST(r AS VARCHAR) END
            AND type_digit IN ('1', '2', '3', '8', '9') AND filed IS NOT NULL AND (grant_date IS NULL OR granted IS NOT NULL)),
        latest AS (
          SELECT *, row_number() OVER (PARTITION BY digits ORDER BY delivery_date DESC, delivery_sequence DESC,
                                        source_file DESC, record_position DESC) AS rn
          FROM ok)
        SELECT count(*) AS rows, count(DISTINCT digits) AS keys, sum(year(filed)) AS years, sum(delivery_sequence) AS seqs
        FROM latest WHERE rn = 1""";
  }

  /**
   * W4: flows and stocks by every period, both views, both boundaries, rolled up to every level; the
   * breakdowns not summed into total are the catalogue's (as in {@code CubeFlows}); stock spans
   * placed in the division valid at each period end through table {@code successions}.
   */
  static String w4Cube(int firstYear, int lastYear, int firstIdx, int lastIdx, int lagDays) {
    return """
        CREATE OR REPLACE TEMP MACRO patent_breakdowns(patent_type, first_applicant_type, service) AS [patent_type,
          CASE first_applicant_type WHEN '大专院校' THEN 'applicant_university' WHEN '科研单位' THEN 'applicant_research_institute'
            WHEN '企业' THEN 'applicant_enterprise' WHEN '机关团体' THEN 'applicant_public_body' WHEN '个人' THEN 'applicant_individual'
            ELSE 'applicant_unknown' END,
          CASE service WHEN '职务' THEN 'service' WHEN '非职务' THEN 'non_service' ELSE 'service_unknown' END];
        CREATE OR REPLACE TEMP TABLE facts AS
          WITH p AS (SELECT *, unnest(patent_breakdowns(patent_type, first_applicant_type, service)) AS breakdown FROM patents)
          SELECT applicant_county_code_at_grant AS county_code, 'patent_grants' AS indicator, breakdown,
                 grant_date AS event_date, grant_known_date AS known_date FROM p WHERE grant_date IS NOT NULL
          UNION ALL SELECT applicant_county_code_at_filing, 'patent_applications', breakdown, application_date, application_known_date FROM p
          UNION ALL SELECT applicant_county_code_at_pct_entry, 'pct_national_phase_entries', patent_type, pct_entry_date, pct_known_date
                    FROM patents WHERE is_pct_national_phase AND pct_entry_date IS NOT NULL AND patent_type IN ('invention', 'utility_model')
          UNION ALL SELECT to_county_code, 'patent_transfers', patent_type, event_date, known_date FROM tx
                    WHERE transaction_type = 'transfer' AND to_county_code IS NOT NULL
          UNION ALL SELECT from_county_code, 'patent_transfers_out', patent_type, event_date, known_date FROM tx
                    WHERE transaction_type = 'transfer' AND from_county_code IS NOT NULL
          UNION ALL SELECT to_county_code, 'patent_licences', patent_type, event_date, known_date FROM tx
                    WHERE transaction_type = 'licence' AND to_county_code IS NOT NULL;
        CREATE OR REPLACE TEMP TABLE flows AS
        WITH f AS (
          SELECT county_code, indicator, breakdown, year(event_date) AS y, month(event_date) AS m,
                 CASE WHEN known_date IS NULL THEN month(event_date)
                      WHEN year(known_date - INTERVAL (%4$d) DAY) < year(event_date) THEN month(event_date)
                      WHEN year(known_date - INTERVAL (%4$d) DAY) > year(event_date) THEN 13
                      ELSE greatest(month(event_date), month(known_date - INTERVAL (%4$d) DAY)) END AS fp_month
          FROM facts WHERE county_code IS NOT NULL AND year(event_date) BETWEEN %1$d AND %2$d),
        monthly AS (
          SELECT county_code, indicator, b AS breakdown, y, m, fp_month, count(*) AS n
          FROM f, unnest(CASE WHEN breakdown IN (%7$s) THEN [breakdown] ELSE [breakdown, 'total'] END) AS t(b) GROUP BY ALL),
        periods AS (
          SELECT county_code, indicator, breakdown, y, fp_month, n, unnest(
                   [{'type': 'month', 'number': m, 'end_month': m},
                    {'type': 'quarter', 'number': CAST(ceil(m / 3) AS INT), 'end_month': CAST(ceil(m / 3) AS INT) * 3},
                    {'type': 'year', 'number': 0, 'end_month': 12}]
                   || list_transform(range(m, 13), k -> {'type': 'ytd', 'number': CAST(k AS INT), 'end_month': CAST(k AS INT)})) AS p
          FROM monthly)
        SELECT county_code, indicator, breakdown, v.view, p.type AS period_type, y AS period_year, p.number AS period_number,
               CAST(CASE WHEN v.view = 'latest' THEN sum(n) ELSE sum(CASE WHEN fp_month <= p.end_month THEN n ELSE 0 END) END AS DOUBLE) AS value
        FROM periods, (VALUES ('latest'), ('first_published')) AS v(view)
        GROUP BY county_code, indicator, breakdown, v.view, p.type, y, p.number;
        CREATE OR REPLACE TEMP TABLE spans_as_filed AS
          SELECT county_code, 'valid_patents' AS indicator, unnest(patent_breakdowns(patent_type, first_applicant_type, service)) AS breakdown, view, valid_from AS from_date, valid_to AS to_date FROM intervals
          UNION ALL SELECT county_code, 'high_value_inventions', 'any', view,
                 greatest(valid_from, least(hv_sei_from, hv_overseas_from, hv_maintained_from, hv_pledge_from, hv_award_from)), valid_to
                 FROM intervals WHERE patent_type = 'invention'
                   AND coalesce(hv_sei_from, hv_overseas_from, hv_maintained_from, hv_pledge_from, hv_award_from) IS NOT NULL
          UNION ALL SELECT county_code, 'high_value_inventions', 'sei', view, greatest(valid_from, hv_sei_from), valid_to FROM intervals WHERE patent_type = 'invention' AND hv_sei_from IS NOT NULL
          UNION ALL SELECT county_code, 'high_value_inventions', 'overseas', view, greatest(valid_from, hv_overseas_from), valid_to FROM intervals WHERE patent_type = 'invention' AND hv_overseas_from IS NOT NULL
          UNION ALL SELECT county_code, 'high_value_inventions', 'maintained', view, greatest(valid_from, hv_maintained_from), valid_to FROM intervals WHERE patent_type = 'invention' AND hv_maintained_from IS NOT NULL
          UNION ALL SELECT county_code, 'high_value_inventions', 'pledge', view, greatest(valid_from, hv_pledge_from), valid_to FROM intervals WHERE patent_type = 'invention' AND hv_pledge_from IS NOT NULL
          UNION ALL SELECT county_code, 'high_value_inventions', 'award', view, greatest(valid_from, hv_award_from), valid_to FROM intervals WHERE patent_type = 'invention' AND hv_award_from IS NOT NULL;
        CREATE OR REPLACE TEMP TABLE spans AS
          SELECT coalesce(h.held_by, s.county_code) AS county_code, s.indicator, s.breakdown, s.view,
                 CASE WHEN h.code IS NULL THEN s.from_date ELSE greatest(s.from_date, h.from_date) END AS from_date,
                 CASE WHEN h.code IS NULL THEN s.to_date ELSE least(s.to_date, h.to_date) END AS to_date
          FROM spans_as_filed s LEFT JOIN successions h
            ON s.county_code = h.code AND s.from_date < h.to_date AND s.to_date > h.from_date;
        CREATE OR REPLACE TEMP TABLE stocks AS
        WITH s AS (
          SELECT county_code, indicator, breakdown, view, year(from_date) * 12 + month(from_date) - 1 AS s,
                 year(to_date) * 12 + month(to_date) - 1 AS e FROM spans),
        d AS (
          SELECT county_code, indicator, b AS breakdown, view, x.idx, x.delta
          FROM s, unnest(CASE WHEN breakdown IN (%7$s) THEN [breakdown]
                              ELSE [breakdown, 'total'] END) AS t(b),
               unnest([{'idx': s, 'delta': 1}, {'idx': e, 'delta': -1}]) AS u(x)
          WHERE s < e AND s <= %6$d),
        g AS (
          SELECT county_code, indicator, breakdown, view, idx, sum(delta) AS delta FROM (
            SELECT * FROM d WHERE idx <= %6$d
            UNION ALL
            SELECT county_code, indicator, breakdown, view, r.range AS idx, 0 AS delta
            FROM (SELECT DISTINCT county_code, indicator, breakdown, view FROM d WHERE idx <= %6$d), range(%5$d, %6$d + 1) AS r)
          GROUP BY ALL),
        c AS (
          SELECT *, sum(delta) OVER (PARTITION BY county_code, indicator, breakdown, view ORDER BY idx
                                     ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS stock FROM g)
        SELECT county_code, indicator, breakdown, view, p.type AS period_type, CAST(floor(idx / 12) AS INT) AS period_year,
               p.number AS period_number, CAST(stock AS DOUBLE) AS value
        FROM (SELECT *, CAST(idx %% 12 + 1 AS INT) AS m FROM c WHERE idx BETWEEN %5$d AND %6$d AND stock <> 0),
             unnest(list_filter([{'type': 'month', 'number': m},
                                 {'type': CASE WHEN m %% 3 = 0 THEN 'quarter' END, 'number': CAST(m / 3 AS INT)},
                                 {'type': CASE WHEN m = 12 THEN 'year' END, 'number': 0}], x -> x.type IS NOT NULL)) AS t(p);
        CREATE OR REPLACE TEMP TABLE base AS SELECT * FROM flows UNION ALL SELECT * FROM stocks;
        CREATE OR REPLACE TEMP TABLE bounded AS
          SELECT *, 'as_was' AS boundary FROM base
          UNION ALL
          SELECT coalesce(d.current_code, b.county_code) AS county_code, indicator, breakdown, view, period_type, period_year,
                 period_number, sum(value) AS value, 'as_is' AS boundary
          FROM base b LEFT JOIN (SELECT region_code, current_code FROM dim_regions WHERE region_level = 'county') d
            ON b.county_code = d.region_code
          GROUP BY ALL;
        CREATE OR REPLACE TEMP TABLE counts AS
        WITH county AS (SELECT county_code AS region_code, 'county' AS region_level, * EXCLUDE (county_code) FROM bounded),
        city AS (SELECT substr(region_code, 1, 4) || '00' AS region_code, 'city' AS region_level, indicator, breakdown, view,
                        period_type, period_year, period_number, sum(value) AS value, boundary FROM county GROUP BY ALL),
        province AS (SELECT substr(region_code, 1, 2) || '0000' AS region_code, 'province' AS region_level, indicator, breakdown,
                        view, period_type, period_year, period_number, sum(value) AS value, boundary FROM city GROUP BY ALL),
        nation AS (SELECT '000000' AS region_code, 'nation' AS region_level, indicator, breakdown, view, period_type, period_year,
                        period_number, sum(value) AS value, boundary FROM province
                   WHERE substr(region_code, 1, 2) NOT IN ('71', '81', '82', '90') GROUP BY ALL)
        SELECT region_code, region_level, indicator, breakdown, view, period_type, period_year, period_number, value, boundary FROM county
        UNION ALL SELECT region_code, region_level, indicator, breakdown, view, period_type, period_year, period_number, value, boundary FROM city
        UNION ALL SELECT region_code, region_level, indicator, breakdown, view, period_type, period_year, period_number, value, boundary FROM province
        UNION ALL SELECT region_code, region_level, indicator, breakdown, view, period_type, period_year, period_number, value, boundary FROM nation;
        """.formatted(firstYear, lastYear, 0, lagDays, firstIdx, lastIdx, org.ipcube.marts.CubeFlows.NOT_SUMMED_INTO_TOTAL.stream()
            .map(b -> "'" + b + "'").collect(java.util.stream.Collectors.joining(", ")));
  }

  static String countsChecksum() {
    return "SELECT count(*), sum(value), sum(value * period_year), sum(value * period_number) FROM counts";
  }

  /** W5: distinct first applicants of each year's grants, counted at every level (never summed). */
  static String w5Distinct() {
    return """
        WITH g AS (SELECT applicant_county_code_at_grant AS county, year(grant_date) AS y, patent_type, first_applicant_name AS who
                   FROM patents WHERE grant_date IS NOT NULL AND first_applicant_name IS NOT NULL),
        cells AS (
          SELECT 'county' AS lvl, county AS code, y, patent_type, count(DISTINCT who) AS n FROM g GROUP BY ALL
          UNION ALL SELECT 'city', substr(county, 1, 4) || '00', y, patent_type, count(DISTINCT who) FROM g GROUP BY ALL
          UNION ALL SELECT 'province', substr(county, 1, 2) || '0000', y, patent_type, count(DISTINCT who) FROM g GROUP BY ALL)
        SELECT count(*), sum(n), sum(n * y) FROM cells""";
  }

  /** W6: per-10k and per-GDP ratios with the release known at each figure's date. */
  static String w6Ratios(int lagDays) {
    return """
        WITH ends AS (SELECT period_type, period_year, period_number, period_end FROM dim_periods),
        base AS (
          SELECT c.*, e.period_end, CASE WHEN c.view = 'first_published' THEN e.period_end + INTERVAL (%1$d) DAY END AS known_at
          FROM counts c JOIN ends e USING (period_type, period_year, period_number)
          WHERE (c.indicator = 'valid_patents' AND c.breakdown = 'invention')
             OR (c.indicator = 'high_value_inventions' AND c.breakdown = 'any')),
        pop AS (
          SELECT b.*, s.value AS population,
                 row_number() OVER (PARTITION BY b.region_code, b.region_level, b.indicator, b.breakdown, b.view, b.boundary,
                                                 b.period_type, b.period_year, b.period_number
                                    ORDER BY s.publication_date DESC NULLS LAST,
                                             CASE s.release WHEN 'final' THEN 3 WHEN 'revised' THEN 2 ELSE 1 END DESC) AS pick
          FROM base b LEFT JOIN stats s ON s.indicator = 'resident_population' AND s.region_code = b.region_code
               AND s.year = b.period_year - 1 AND (b.known_at IS NULL OR s.publication_date <= b.known_at)),
        gdp AS (
          SELECT p.* EXCLUDE (pick), s.value AS gdp,
                 row_number() OVER (PARTITION BY p.region_code, p.region_level, p.indicator, p.breakdown, p.view, p.boundary,
                                                 p.period_type, p.period_year, p.period_number
                                    ORDER BY s.publication_date DESC NULLS LAST,
                                             CASE s.release WHEN 'final' THEN 3 WHEN 'revised' THEN 2 ELSE 1 END DESC) AS pick
          FROM (SELECT * FROM pop WHERE pick = 1) p LEFT JOIN stats s ON s.indicator = 'gdp' AND s.region_code = p.region_code
               AND s.year = p.period_year AND (p.known_at IS NULL OR s.publication_date <= p.known_at)),
        r AS (
          SELECT value / population AS v FROM gdp WHERE pick = 1 AND population IS NOT NULL
          UNION ALL
          SELECT value / (gdp / 100) FROM gdp WHERE pick = 1 AND gdp IS NOT NULL AND indicator = 'high_value_inventions'
                 AND period_type = 'year')
        SELECT count(*), sum(v) FROM r""".formatted(lagDays);
  }
}
