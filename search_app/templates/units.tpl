% rebase('base.tpl', title='单位目录', section='units')
<h1>单位目录</h1>
<p class="hint">共 {{total}} 个规范单位。数字为提到该单位（含下级单位）的文章数；点击单位名查看其时间线。</p>
<ul class="tree directory">
% include('_unit_dir.tpl', nodes=tree, depth=0)
</ul>
