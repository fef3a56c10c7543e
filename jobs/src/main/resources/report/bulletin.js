// Draws the bulletin's charts with Apache ECharts from the data the page carries (BULLETIN, MAP).
// SVG renderer and no animation: the page is printed (Chromium to PDF) right after it loads.
(function () {
  var d = BULLETIN;
  var RED = '#c0392b', GREY = '#95a5a6';
  function fmt(v) {
    return v == null ? '' : Number(v).toLocaleString('zh-CN', { maximumFractionDigits: 2 });
  }
  function chart(id, option) {
    var el = document.getElementById(id);
    if (!el) return;
    option.animation = false;
    option.textStyle = { fontFamily: 'Noto Sans CJK SC, WenQuanYi Zen Hei, Microsoft YaHei, sans-serif' };
    echarts.init(el, null, { renderer: 'svg' }).setOption(option);
  }
  function title(text) {
    return { text: text, left: 'center', textStyle: { fontSize: 14 } };
  }
  var years = d.trend.map(function (t) { return String(t.year); });

  chart('trend', {
    title: title(d.region + ' 有效发明专利 (件), 历年年底'),
    grid: { left: 70, right: 40, top: 40, bottom: 40 },
    xAxis: { type: 'category', data: years, name: '年', axisTick: { alignWithLabel: true } },
    yAxis: { type: 'value', name: '件' },
    series: [{ type: 'bar', barMaxWidth: 48, itemStyle: { color: RED },
      data: d.trend.map(function (t) { return t.valid_inventions; }),
      label: { show: true, position: 'top', formatter: function (p) { return fmt(p.value); } } }]
  });

  var types = [['invention', '发明'], ['utility_model', '实用新型'], ['design', '外观设计']];
  var colours = [RED, '#e67e22', '#7f8c8d'];
  chart('grants', {
    title: title(d.region + ' 专利授权量 (件), 按类型'),
    legend: { top: 22 },
    grid: { left: 70, right: 40, top: 56, bottom: 40 },
    xAxis: { type: 'category', data: years, name: '年' },
    yAxis: { type: 'value', name: '件' },
    series: types.map(function (t, i) {
      return { name: t[1], type: 'bar', stack: 'grants', barMaxWidth: 48, itemStyle: { color: colours[i] },
        data: d.trend.map(function (y) { return y[t[0]] || 0; }),
        label: { show: i === types.length - 1, position: 'top', formatter: function (p) {
          var y = d.trend[p.dataIndex];
          return fmt((y.invention || 0) + (y.utility_model || 0) + (y.design || 0));
        } } };
    })
  });

  var ranked = d.siblings.filter(function (s) { return s.value != null; })
    .sort(function (a, b) { return a.value - b.value; });
  chart('siblings', {
    title: title('有效发明专利 (件), ' + d.year + '年底: ' + (d.parent || '') + '同级地区比较'),
    grid: { left: 110, right: 70, top: 36, bottom: 30 },
    xAxis: { type: 'value', name: '件' },
    yAxis: { type: 'category', data: ranked.map(function (s) { return s.name; }), axisLabel: { interval: 0 } },
    series: [{ type: 'bar', barMaxWidth: 22,
      data: ranked.map(function (s) { return { value: s.value, itemStyle: { color: s.self ? RED : GREY } }; }),
      label: { show: true, position: 'right', formatter: function (p) { return fmt(p.value); } } }]
  });

  if (d.map && MAP) {
    echarts.registerMap(d.map.name, MAP);
    var values = d.map.data.map(function (a) { return a.value; });
    chart('map', {
      title: title('有效发明专利 (件), ' + d.year + '年底: ' + (d.parent || '') + '各地区'),
      visualMap: { min: Math.min.apply(null, values), max: Math.max.apply(null, values), left: 10, bottom: 10,
        text: ['高', '低'], calculable: false, inRange: { color: ['#fbe3e0', RED] } },
      series: [{ type: 'map', map: d.map.name, top: 40, bottom: 10, label: { show: true, fontSize: 10 },
        data: d.map.data.map(function (a) {
          return { name: a.name, value: a.value,
            itemStyle: a.self ? { borderColor: '#111', borderWidth: 2.5 } : undefined,
            label: a.self ? { fontWeight: 'bold', fontSize: 12 } : undefined };
        }) }]
    });
  }
})();
