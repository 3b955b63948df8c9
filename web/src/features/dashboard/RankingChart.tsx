import { theme } from 'antd';
import { BarChart, type BarSeriesOption } from 'echarts/charts';
import { GridComponent, TooltipComponent, type GridComponentOption, type TooltipComponentOption } from 'echarts/components';
import { init, use, type ComposeOption, type ECharts } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useMemo, useRef } from 'react';
import { zh } from '../../i18n/zh-CN';
import type { RankedUnit } from './api';

// Only what the bar chart needs is bundled (tree-shaken ECharts), in the dashboard's own chunk.
use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

type Option = ComposeOption<BarSeriesOption | GridComponentOption | TooltipComponentOption>;

const ROW_HEIGHT = 32;

const onTimeLabel = (rate: number | null) => (rate === null ? zh.dashboard.notDecided : zh.dashboard.percent(rate));

/**
 * 通报/排名 as a bar chart: each child unit's 按期率 in rank order (first at the top), coloured by its light.
 * Clicking a bar or a unit's name drills down to it.
 */
export function RankingChart({ parentName, units, onPick }: { parentName: string; units: RankedUnit[]; onPick: (unitId: string) => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | undefined>(undefined);
  const pick = useRef(onPick);
  pick.current = onPick;
  const { token } = theme.useToken();
  const ranked = useMemo(() => units.filter((u) => u.rank !== null), [units]);

  useEffect(() => {
    if (!ref.current) return;
    const instance = init(ref.current, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(ref.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = undefined;
    };
  }, []);

  useEffect(() => {
    const instance = chart.current;
    if (!instance) return;
    const colour = { red: token.colorError, yellow: token.colorWarning, green: token.colorSuccess };
    const option: Option = {
      grid: { left: 8, right: 64, top: 8, bottom: 24, containLabel: true },
      tooltip: {
        trigger: 'item',
        formatter: (p) => {
          const u = ranked[(p as { dataIndex: number }).dataIndex];
          if (!u) return '';
          return [
            `${zh.dashboard.rank} ${u.rank} · ${u.name}`,
            `${zh.dashboard.onTimeRate} ${onTimeLabel(u.onTimeRate)}`,
            `${zh.dashboard.completionRate} ${zh.dashboard.percent(u.completionRate)}`,
            `${zh.dashboard.overdue} ${u.overdue}`,
          ].join('<br/>');
        },
      },
      // On a phone the five tick labels would run together; ECharts drops the ones that overlap.
      xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%', hideOverlap: true } },
      yAxis: { type: 'category', inverse: true, triggerEvent: true, data: ranked.map((u) => `${u.rank}. ${u.name}`) },
      series: [
        {
          type: 'bar',
          // A unit with nothing decided yet ranks as on time (domain/rollup.ts rankUnits) but has no rate: its full-length
          // bar is grey, labelled 暂无到期, so it does not read as a green 100% (and stays a target to click).
          data: ranked.map((u) => ({
            value: u.onTimeRate ?? 100,
            itemStyle: { color: u.onTimeRate === null || !u.light ? token.colorFill : colour[u.light] },
          })),
          label: { show: true, position: 'right', formatter: (p) => onTimeLabel(ranked[p.dataIndex]?.onTimeRate ?? null) },
          barMaxWidth: 20,
          cursor: 'pointer',
        },
      ],
    };
    instance.setOption(option, true);
    instance.resize();
    instance.off('click');
    instance.on('click', (p) => {
      const index = p.componentType === 'yAxis' ? ranked.findIndex((u) => `${u.rank}. ${u.name}` === p.value) : p.dataIndex;
      const unit = ranked[index];
      if (unit) pick.current(unit.unitId);
    });
  }, [ranked, token]);

  return (
    <div
      ref={ref}
      role="img"
      aria-label={zh.dashboard.rankingChartLabel(parentName)}
      data-testid="ranking-chart"
      style={{ width: '100%', height: Math.max(160, ranked.length * ROW_HEIGHT + 40) }}
    />
  );
}
