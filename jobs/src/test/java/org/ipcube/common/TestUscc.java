package org.ipcube.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TestUscc {
  @Test
  void specKnownGoodCodesAreValid() {
    assertThat(Uscc.isValid("91350100M000100Y43")).isTrue();
    assertThat(Uscc.isValid("91110108551385082Q")).isTrue();
    assertThat(Uscc.problem("91110108551385082Q")).isNull();
  }

  @Test
  void brokenCodesSayWhatIsWrong() {
    assertThat(Uscc.problem("91110108551385082A")).isEqualTo("USCC '91110108551385082A' has check character A, expected Q");
    assertThat(Uscc.problem("9111010855138508")).isEqualTo("USCC '9111010855138508' has 16 characters, not 18");
    assertThat(Uscc.problem("91110108551385082I")).isEqualTo("USCC '91110108551385082I' has 'I', not in the GB 32100 alphabet");
    assertThat(Uscc.problem("")).isEqualTo("missing USCC");
  }

  @Test
  void checkCharacterOfSpecExample() {
    assertThat(Uscc.checkCharacter("91350100M000100Y4")).isEqualTo('3');
  }
}
