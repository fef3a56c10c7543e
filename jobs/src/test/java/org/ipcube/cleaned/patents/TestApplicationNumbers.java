package org.ipcube.cleaned.patents;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TestApplicationNumbers {

  @ParameterizedTest(name = "SPEC known-good {0}")
  @ValueSource(strings = {"201210464170.6", "201210245815.7", "201811564288.X", "00814037.5", "01800565.9", "90101673.X"})
  void specKnownGoodNumbersPass(String number) {
    ApplicationNumbers.Parsed p = ApplicationNumbers.parse(number);
    assertThat(p.rejection()).isNull();
    assertThat(p.normalized()).isEqualTo(number);
    assertThat(p.repairs()).isEmpty();
  }

  @ParameterizedTest(name = "{0} -> {1} ({2})")
  @CsvSource(delimiter = '|', value = {
      "CN201210464170.6 | 201210464170.6 | cn_prefix",
      "ZL201210464170.6 | 201210464170.6 | zl_prefix",
      "2012104641706    | 201210464170.6 | missing_dot",
      "201811564288.x   | 201811564288.X | lower_case_x",
      "２０１２１０４６４１７０.６ | 201210464170.6 | full_width",
      "ZL 201811564288x | 201811564288.X | whitespace;lower_case_x;zl_prefix;missing_dot",
      "008140375        | 00814037.5     | missing_dot"})
  void formattingDirtIsRepairedAndRecorded(String raw, String expected, String repairs) {
    ApplicationNumbers.Parsed p = ApplicationNumbers.parse(raw);
    assertThat(p.rejection()).isNull();
    assertThat(p.normalized()).isEqualTo(expected);
    assertThat(String.join(";", p.repairs())).isEqualTo(repairs);
  }

  @Test
  void wrongCheckCharacterIsRejectedWithTheExpectedOne() {
    ApplicationNumbers.Parsed p = ApplicationNumbers.parse("201210464170.5");
    assertThat(p.isValid()).isFalse();
    assertThat(p.rejection()).isEqualTo("wrong check character in '201210464170.5': 201210464170 needs 6, not 5");
  }

  @Test
  void garbageAndBlankAreRejected() {
    assertThat(ApplicationNumbers.parse("2012-1046").rejection()).isEqualTo("not an application number: '2012-1046'");
    assertThat(ApplicationNumbers.parse(" ").rejection()).isEqualTo("missing application number");
    assertThat(ApplicationNumbers.parse("201240464170.X").rejection()).startsWith("wrong check character");
  }

  @Test
  void checkCharacterTenIsWrittenX() {
    assertThat(ApplicationNumbers.checkCharacter("201811564288")).isEqualTo("X");
    assertThat(ApplicationNumbers.checkCharacter("90101673")).isEqualTo("X");
  }

  @Test
  void typeDigitGivesThePatentType() {
    assertThat(ApplicationNumbers.parse("201210464170.6").typeDigit()).isEqualTo("1");
    assertThat(ApplicationNumbers.patentTypeOfDigit("8")).isEqualTo("invention");
    assertThat(ApplicationNumbers.patentTypeOfDigit("9")).isEqualTo("utility_model");
    assertThat(ApplicationNumbers.patentTypeOfDigit("3")).isEqualTo("design");
    assertThat(ApplicationNumbers.patentTypeOfLabel("实用新型")).isEqualTo("utility_model");
    assertThat(ApplicationNumbers.patentTypeOfLabel("专利")).isNull();
  }
}
