package org.ipcube.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Settings that depend on each other: where exports go follows the warehouse unless configured. */
class TestSettings {
  @Test
  void exportsLiveUnderTheirWarehouseSoTwoWarehousesNeverShareThem() {
    Settings defaults = Settings.load(Optional.empty());
    assertThat(defaults.withRoots("land", "/srv/wh-a").exportsLocation()).isEqualTo("/srv/wh-a/exports");
    assertThat(defaults.withRoots("land", "/srv/wh-b").exportsLocation()).isEqualTo("/srv/wh-b/exports");
  }

  @Test
  void aConfiguredExportsRootIsUsedAsItIs() {
    Settings s = Settings.fromConfig(ConfigFactory.parseMap(Map.of("ipcube.publish.exports-root", "s3a://bi/exports"))
        .withFallback(ConfigFactory.defaultReference()).resolve());
    assertThat(s.withRoots("land", "/srv/wh").exportsLocation()).isEqualTo("s3a://bi/exports");
  }
}
