% rebase('base.tpl', title=name + ' 承诺记分卡', section='statements')
<h1>{{name}} 承诺记分卡</h1>
% if error:
<p class="notice error" role="alert">{{error}}</p>
% else:
<p class="hint">本单位及下属单位的全部承诺，状态截至 {{card['as_of']}}：逾期是过了时限、其后没有关于同一单位同一事项的报道。</p>
<dl class="scorecard">
  <div><dt>承诺</dt><dd class="commitments">{{card['commitments']}}</dd></div>
  <div><dt>未到期</dt><dd class="not-due">{{card['not_due']}}</dd></div>
  <div><dt>已到期（有后续）</dt><dd class="due">{{card['due']}}</dd></div>
  <div><dt>逾期</dt><dd class="overdue">{{card['overdue']}}</dd></div>
  <div><dt>无期限</dt><dd class="no-deadline">{{card['no_deadline']}}</dd></div>
  <div><dt>有后续报道</dt><dd class="with-follow-ups">{{card['with_follow_ups']}}</dd></div>
</dl>
<div class="tools">
  <a href="{{unit_url(name)}}">单位主页</a>
  <a href="/statements?unit={{name}}&type={{StatementType.COMMITMENT}}&sort=deadline">在台账中查看</a>
</div>
% include('_formats.tpl', json_url='/api' + unit_url(name) + '/commitments', files=links.as_file, word=True)
% if card['statements']:
<div class="table-wrap">
<table class="ledger cards">
  <thead><tr><th>日期</th><th>类型</th><th>讲话人</th><th>单位</th><th>内容</th><th>目标与时限</th><th>到期日</th><th>状态</th><th>出处</th></tr></thead>
  <tbody>
  % for item in card['statements']:
    % include('_statement_row.tpl', item=item)
  % end
  </tbody>
</table>
</div>
% else:
<p class="notice">档案中没有该单位的承诺。</p>
% end
% end
