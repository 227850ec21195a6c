% for node in nodes:
<li>
  % if node.children:
  <details {{'open' if depth < 2 else ''}}>
    <summary><a href="{{unit_url(node.name)}}">{{node.name}}</a> <span class="count">{{node.count}}</span></summary>
    <ul>
    % include('_unit_dir.tpl', nodes=node.children, depth=depth + 1)
    </ul>
  </details>
  % else:
  <a href="{{unit_url(node.name)}}">{{node.name}}</a> <span class="count">{{node.count}}</span>
  % end
</li>
% end
