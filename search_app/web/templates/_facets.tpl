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
% for section in sidebar:
% include(section.template, section=section)
% end
