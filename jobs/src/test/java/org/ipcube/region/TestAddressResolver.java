package org.ipcube.region;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TestAddressResolver {
  private final AddressResolver resolver = AddressResolver.shipped();

  @ParameterizedTest(name = "{0} on {1}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      // address                                   | date       | 国省代码 | USCC | county | city | province | quality
      "314000 浙江省嘉兴市南湖区科技路1号             | 2023-05-18 | 33 | - | 330402 | 330400 | 330000 | county",
      "浙江嘉兴南湖区科技路1号                        | 2023-05-18 | -  | - | 330402 | 330400 | 330000 | county",
      "嘉兴市秀洲区洪合镇                             | 2022-06-14 | -  | - | 330411 | 330400 | 330000 | county",
      "浙江省嘉兴市洪合镇                             | 2022-06-14 | -  | - | 330411 | 330400 | 330000 | street",
      "３１４０００　浙江省嘉兴市海宁市硖石街道         | 2023-01-01 | -  | - | 330481 | 330400 | 330000 | county",
      "浙江省杭州市江干区九堡街道                     | 2019-03-01 | 33 | - | 330104 | 330100 | 330000 | county",
      "浙江省杭州市江干区九堡街道                     | 2022-03-01 | 33 | - | 330102 | 330100 | 330000 | crosswalk",
      "浙江省杭州市下城区武林街道                     | 2023-03-01 | 33 | - | 330105 | 330100 | 330000 | crosswalk",
      "江苏省南通市崇川区                             | 2019-03-01 | -  | - | 320602 | 320600 | 320000 | county",
      "江苏省南通市崇川区                             | 2022-03-01 | -  | - | 320613 | 320600 | 320000 | county",
      "浙江省杭州高新区江南大道100号                  | 2023-03-01 | -  | - | 330108 | 330100 | 330000 | alias",
      "河北省石家庄高新技术产业开发区黄河大道          | 2023-03-01 | -  | - | 130171 | 130100 | 130000 | county",
      "北京市海淀区中关村大街1号                       | 2023-03-01 | 11 | - | 110108 | 110100 | 110000 | county",
      "广东省东莞市松山湖园区                          | 2023-03-01 | 44 | - | 441900 | 441900 | 440000 | county",
      "湖北省仙桃市沙嘴街道                            | 2023-03-01 | 42 | - | 429004 | 429000 | 420000 | county",
      "浙江省嘉兴市某某路8号                          | 2023-03-01 | 33 | - | 330499 | 330400 | 330000 | city",
      "浙江省某地                                    | 2023-03-01 | 33 | - | 339999 | 339900 | 330000 | province",
      "某工业园区8号                                 | 2023-03-01 | 32 | - | 329999 | 329900 | 320000 | province_code",
      "某工业园区8号                                 | 2023-03-01 | -  | 91350100M000100Y43 | 350199 | 350100 | 350000 | uscc",
      "某工业园区8号                                 | 2023-03-01 | -  | -  | 999999 | 999900 | 990000 | unresolved",
      "美国加利福尼亚州山景城                          | 2023-03-01 | 美国(US) | - | 909999 | 909900 | 900000 | foreign",
      "1600 Amphitheatre Pkwy, Mountain View, CA     | 2023-03-01 | -  | - | 909999 | 909900 | 900000 | foreign",
      "香港九龙尖沙咀                                 | 2023-03-01 | -  | - | 819999 | 819900 | 810000 | non_mainland"})
  void resolvesRealAddresses(String address, String date, String provinceField, String uscc,
      String county, String city, String province, String quality) {
    AddressResolver.Resolution r = resolver.resolve(address, provinceField, uscc, LocalDate.parse(date));
    assertThat(r.countyCode()).as("county").isEqualTo(county);
    assertThat(r.cityCode()).as("city").isEqualTo(city);
    assertThat(r.provinceCode()).as("province").isEqualTo(province);
    if (quality != null) assertThat(r.quality()).isEqualTo(quality);
  }

  @Test
  void usccFallbackUsesCharactersThreeToEight() {
    // 91350100M000100Y43: division 350100 is 福州's city code: the unknown county of 福州.
    AddressResolver.Resolution r = resolver.resolve("某工业园区8号", null, "91350100M000100Y43", LocalDate.parse("2023-03-01"));
    assertThat(r).isEqualTo(new AddressResolver.Resolution("350199", "350100", "350000", "uscc", true));
    // A USCC pointing outside the province the address names is not used.
    AddressResolver.Resolution other = resolver.resolve("浙江省某地", null, "91350100M000100Y43", LocalDate.parse("2023-03-01"));
    assertThat(other.quality()).isEqualTo("province");
  }

  @Test
  void noRealCodeEndsInNinetyNineSoUnknownMembersCannotCollide() {
    for (Divisions.Snapshot s : Divisions.shipped().snapshots().values()) {
      assertThat(s.counties().keySet()).noneMatch(c -> c.endsWith("99"));
      assertThat(s.cities().keySet()).noneMatch(c -> c.substring(2, 4).equals("99"));
    }
  }
}
