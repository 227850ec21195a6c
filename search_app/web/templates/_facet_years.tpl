<section class="facet" data-facet="{{section.name}}">
  <h3>{{section.heading}}</h3>
  <ul>
  % for item in section.links:
    <li>
      <a class="{{'on' if item.active else ''}}" href="{{item.url}}">{{item.label}}</a> <span class="count">{{item.count}}</span>
      <details class="below" {{'open' if item.active or any(m.active for m in section.below.get(item.value, [])) else ''}}>
        <summary>按月</summary>
        <ul>
        % for month in section.below.get(item.value, []):
          % include('_facet_item.tpl', item=month)
        % end
        </ul>
      </details>
    </li>
  % end
  </ul>
</section>
