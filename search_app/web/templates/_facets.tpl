<form class="daterange" action="/" method="get">
  <h3>日期范围</h3>
  % for name, value in links.pairs:
  % if name not in ('from', 'to', 'page'):
  <input type="hidden" name="{{name}}" value="{{value}}">
  % end
  % end
  <label>从 <input type="date" name="from" value="{{links.values('from')[0] if links.values('from') else ''}}"></label>
  <label>到 <input type="date" name="to" value="{{links.values('to')[0] if links.values('to') else ''}}"></label>
  <button type="submit">应用</button>
  <p class="presets">
  % for preset in presets:
    <a class="preset{{' on' if preset.active else ''}}" href="{{preset.url}}">{{preset.label}}</a>
  % end
  </p>
</form>
% if kinds:
<section class="facet" data-facet="kind">
  <h3>类型</h3>
  <ul>
  % for item in kinds:
    % include('_facet_item.tpl', item=item)
  % end
  </ul>
</section>
% end
% if types:
<section class="facet" data-facet="type">
  <h3>表态</h3>
  <ul>
  % for item in types:
    % include('_facet_item.tpl', item=item)
  % end
  </ul>
</section>
% end
% if years:
<section class="facet" data-facet="year">
  <h3>时间</h3>
  <ul>
  % for item in years:
    <li>
      <a class="{{'on' if item.active else ''}}" href="{{item.url}}">{{item.label}}</a> <span class="count">{{item.count}}</span>
      <details class="below" {{'open' if item.active or any(m.active for m in months.get(item.value, [])) else ''}}>
        <summary>按月</summary>
        <ul>
        % for month in months.get(item.value, []):
          % include('_facet_item.tpl', item=month)
        % end
        </ul>
      </details>
    </li>
  % end
  </ul>
</section>
% end
% if units_tree:
<section class="facet" data-facet="unit">
  <h3 id="unit-facet-title">单位</h3>
  <form class="unit-find" action="/" method="get" role="search" aria-labelledby="unit-facet-title">
    % for name, value in links.pairs:
    % if name != 'page':
    <input type="hidden" name="{{name}}" value="{{value}}">
    % end
    % end
    <label for="unit-find-input" class="visually-hidden">查找单位</label>
    <input id="unit-find-input" type="search" name="unit" list="facet-unit-names" placeholder="查找单位…" autocomplete="off" data-filter-tree="#unit-facet-tree">
    <datalist id="facet-unit-names">
    % for unit_name in unit_names:
      <option value="{{unit_name}}">
    % end
    </datalist>
    <button type="submit">筛选</button>
  </form>
  <ul class="tree" id="unit-facet-tree">
  % include('_unit_facet.tpl', nodes=units_tree, depth=0, active_units=set(links.values('unit')))
  </ul>
</section>
% end
% if officials:
<section class="facet" data-facet="official">
  <h3>人物</h3>
  <ul>
  % for item in officials[:12]:
    % include('_facet_item.tpl', item=item)
  % end
  </ul>
  % if len(officials) > 12:
  <details class="more" {{'open' if any(i.active for i in officials[12:]) else ''}}>
    <summary>更多（{{len(officials) - 12}}）</summary>
    <ul>
    % for item in officials[12:]:
      % include('_facet_item.tpl', item=item)
    % end
    </ul>
  </details>
  % end
</section>
% end
