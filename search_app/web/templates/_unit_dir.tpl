% for node in nodes:
<li>
  <a href="{{unit_url(node.name)}}">{{node.name}}</a> <span class="count">{{node.count}}</span>
  % if node.children:
  <details class="below" {{'open' if depth < 2 else ''}}>
    <summary>下级 {{len(node.children)}}</summary>
    <ul>
    % include('_unit_dir.tpl', nodes=node.children, depth=depth + 1)
    </ul>
  </details>
  % end
</li>
% end
