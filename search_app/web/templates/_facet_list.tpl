<section class="facet" data-facet="{{section.name}}">
  <h3>{{section.heading}}</h3>
  <ul>
  % for item in section.shown:
    % include('_facet_item.tpl', item=item)
  % end
  </ul>
  % if section.folded:
  <details class="more" {{'open' if any(i.active for i in section.folded) else ''}}>
    <summary>更多（{{len(section.folded)}}）</summary>
    <ul>
    % for item in section.folded:
      % include('_facet_item.tpl', item=item)
    % end
    </ul>
  </details>
  % end
</section>
