% if pager.pages > 1:
<nav class="pager" aria-label="分页">
  % if pager.page > 1:
  <a class="prev" href="{{links.setting('page', pager.page - 1 if pager.page > 2 else '')}}" rel="prev">‹ 上一页</a>
  % end
  % for number in pager.numbers:
  % if number is None:
  <span class="gap">…</span>
  % elif number == pager.page:
  <strong class="current" aria-current="page">{{number}}</strong>
  % else:
  <a href="{{links.setting('page', number if number > 1 else '')}}">{{number}}</a>
  % end
  % end
  % if pager.page < pager.pages:
  <a class="next" href="{{links.setting('page', pager.page + 1)}}" rel="next">下一页 ›</a>
  % end
</nav>
% end
