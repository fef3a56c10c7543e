package org.ipcube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code generate --continue} writes the next delivery dates of a landing's generated history (issue
 * 11: one more day after a generated landing used to give no patent records, because every
 * generator placed its records across the requested range). No Spark: the generators are plain Java.
 */
class TestGenerateContinue {
  @TempDir Path dir;

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  /** Every file of a landing by its relative path, with its bytes' hash. */
  private static Map<String, Integer> files(Path landing) throws IOException {
    Map<String, Integer> out = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(landing)) {
      for (Path p : paths.filter(Files::isRegularFile).toList()) {
        out.put(landing.relativize(p).toString(), java.util.Arrays.hashCode(Files.readAllBytes(p)));
      }
    }
    return out;
  }

  private static long records(Path delivery) throws IOException {
    return new ObjectMapper().readTree(delivery.resolve("_MANIFEST.json").toFile()).path("total_records").asLong();
  }

  @Test
  void aLandingContinuedDayByDayEqualsTheWholeHistoryGeneratedAtOnce() throws IOException {
    Path continued = dir.resolve("continued");
    Path whole = dir.resolve("whole");
    String[] volume = {"--patents-per-year", "2000", "--seed", "7"};
    assertThat(run(concat(new String[] {"generate", "--landing", continued.toString(), "--from", "2022-01-01", "--to", "2023-06-30",
        "--horizon", "2023-09-30"}, volume)).code()).isZero();
    assertThat(continued.resolve("patent_biblio/2023-07-04")).as("held back until continued").doesNotExist();

    // The next Tuesday: publications and grants of earlier filings, legal events on earlier applications.
    assertThat(run("generate", "--landing", continued.toString(), "--continue", "--to", "2023-07-04").code()).isZero();
    assertThat(records(continued.resolve("patent_biblio/2023-07-04"))).isPositive();
    assertThat(records(continued.resolve("patent_legal/2023-07-04"))).isPositive();
    assertThat(records(continued.resolve("trademark/2023-07-04"))).isPositive();
    assertThat(continued.resolve("patent_biblio/2023-07-11")).doesNotExist();

    assertThat(run("generate", "--landing", continued.toString(), "--continue", "--to", "2023-09-30").code()).isZero();
    assertThat(run(concat(new String[] {"generate", "--landing", whole.toString(), "--from", "2022-01-01", "--to", "2023-09-30",
        "--horizon", "2023-09-30"}, volume)).code()).isZero();
    Map<String, Integer> expected = files(whole);
    assertThat(expected).hasSizeGreaterThan(400);
    assertThat(files(continued)).isEqualTo(expected);
  }

  @Test
  void continuingIsRefusedWhereItCannotBeConsistent() throws IOException {
    Path landing = dir.resolve("landing");
    CliRun none = run("generate", "--landing", landing.toString(), "--continue", "--to", "2023-07-04");
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err()).contains("There is no generated history to continue", "--horizon");

    assertThat(run("generate", "--landing", landing.toString(), "--from", "2023-01-01", "--to", "2023-03-31", "--horizon", "2023-04-30",
        "--patents-per-year", "500").code()).isZero();
    CliRun pastHorizon = run("generate", "--landing", landing.toString(), "--continue", "--to", "2023-05-02");
    assertThat(pastHorizon.code()).isEqualTo(2);
    assertThat(pastHorizon.err()).contains("after the history's horizon 2023-04-30");
    CliRun again = run("generate", "--landing", landing.toString(), "--continue", "--to", "2023-03-31");
    assertThat(again.code()).isEqualTo(2);
    assertThat(again.err()).contains("already written through 2023-03-31");
    CliRun newSeed = run("generate", "--landing", landing.toString(), "--continue", "--to", "2023-04-04", "--seed", "8");
    assertThat(newSeed.code()).isEqualTo(2);
    assertThat(newSeed.err()).contains("--continue takes only --to");
    assertThat(Files.readString(landing.resolve("_GENERATED.properties"))).contains("through=2023-03-31");
  }

  private static String[] concat(String[] a, String[] b) {
    return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
  }
}
