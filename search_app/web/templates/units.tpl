% rebase('base.tpl', title='单位目录', section='units')
<h1>单位目录</h1>
<p class="hint">共 {{total}} 个规范单位{{'，其中 %d 个名称含“%s”' % (shown, wanted) if wanted else ''}}。数字为提到该单位（含下级单位）的文章数；点击单位名查看其时间线。</p>
<form class="unit-find directory-find" action="/units" method="get" role="search">
  <label for="directory-find-input">查找单位</label>
  <input id="directory-find-input" type="search" name="q" value="{{wanted}}" placeholder="如：交巡警、东昌府区" autocomplete="off" data-filter-tree="#unit-directory">
  <button type="submit">查找</button>
  % if wanted:
  <a href="/units">显示全部</a>
  % end
</form>
% include('_formats.tpl', json_url='/api/units', files=lambda format: '/units?format=' + format)
% if tree:
<ul class="tree directory" id="unit-directory">
% include('_unit_dir.tpl', nodes=tree, depth=0)
</ul>
% else:
<p class="notice">没有名称含“{{wanted}}”的单位。<a href="/units">显示全部单位</a></p>
% end
