<figure class="histogram" aria-labelledby="histogram-caption">
  <figcaption id="histogram-caption">按月分布（点击柱条只看该月；纵轴为文章数）</figcaption>
  <div class="chart">
    <ol class="y-axis" aria-hidden="true">
      % for tick in chart.ticks:
      <li>{{tick}}</li>
      % end
    </ol>
    <ol class="bars{{' dense' if not chart.counts_on_bars else ''}}">
      % for bar in chart.bars:
      <li class="slot">
        % if bar.count:
        <a href="{{links.setting('month', bar.month)}}" class="bar{{' on' if links.has('month', bar.month) else ''}}" style="height: {{bar.percent}}%" title="{{labels.facet_value('month', bar.month)}}：{{bar.count}} 篇" aria-label="{{labels.facet_value('month', bar.month)}}：{{bar.count}} 篇">
          % if chart.counts_on_bars:
          <span class="n" aria-hidden="true">{{bar.count}}</span>
          % end
        </a>
        % end
        % if bar.year_label:
        <span class="year" aria-hidden="true">{{bar.year_label}}</span>
        % end
      </li>
      % end
    </ol>
  </div>
</figure>
