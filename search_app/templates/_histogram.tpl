<figure class="histogram">
  <figcaption>按月分布（点击柱条只看该月）</figcaption>
  <svg viewBox="0 0 {{chart_width}} {{chart_height}}" role="img" aria-label="检索结果按月分布">
    <line x1="0" y1="{{chart_height - 18}}" x2="{{chart_width}}" y2="{{chart_height - 18}}" class="axis"/>
    % for bar in bars:
    % if bar.count:
    <a href="{{links.setting('month', bar.month)}}" class="bar{{' on' if links.has('month', bar.month) else ''}}">
      <rect x="{{bar.x}}" y="{{bar.y}}" width="{{bar.width}}" height="{{bar.height}}"><title>{{labels.facet_value('month', bar.month)}}：{{bar.count}} 篇</title></rect>
      % if len(bars) <= 36:
      <text x="{{bar.x + bar.width / 2}}" y="{{bar.y - 3}}" class="n">{{bar.count}}</text>
      % end
    </a>
    % end
    % if bar.year_label:
    <text x="{{bar.x}}" y="{{chart_height - 4}}" class="year">{{bar.year_label}}</text>
    % end
    % end
  </svg>
</figure>
