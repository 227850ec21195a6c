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
      <details {{'open' if item.active or any(m.active for m in months.get(item.value, [])) else ''}}>
        <summary><a class="{{'on' if item.active else ''}}" href="{{item.url}}">{{item.label}}</a> <span class="count">{{item.count}}</span></summary>
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
  <h3>单位</h3>
  <ul class="tree">
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
