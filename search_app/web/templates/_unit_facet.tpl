% for node in nodes:
<li>
  % on = node.name in active_units
  <a class="{{'on' if on else ''}}" href="{{links.toggling('unit', node.name)}}">{{node.name}}</a> <span class="count">{{node.count}}</span>
  % if node.children:
  <details class="below" {{'open' if depth == 0 or (active_units & node.names() and not on) else ''}}>
    <summary>下级 {{len(node.children)}}</summary>
    <ul>
    % include('_unit_facet.tpl', nodes=node.children, depth=depth + 1)
    </ul>
  </details>
  % end
</li>
% end
