% for node in nodes:
<li>
  % on = node.name in active_units
  % if node.children:
  <details {{'open' if depth == 0 or (active_units & node.names() and not on) else ''}}>
    <summary><a class="{{'on' if on else ''}}" href="{{links.toggling('unit', node.name)}}">{{node.name}}</a> <span class="count">{{node.count}}</span></summary>
    <ul>
    % include('_unit_facet.tpl', nodes=node.children, depth=depth + 1)
    </ul>
  </details>
  % else:
  <a class="{{'on' if on else ''}}" href="{{links.toggling('unit', node.name)}}">{{node.name}}</a> <span class="count">{{node.count}}</span>
  % end
</li>
% end
