% rebase('base.tpl', title='表态台账', section='statements')
<h1>表态台账</h1>
<p class="hint">领导的指示（强调、指出、要求……）与各单位的承诺（表态、确保、力争……），可按单位、类型与日期筛选并导出。</p>
<form class="ledger-filter" action="/statements" method="get">
  <label>单位 <input name="unit" list="unit-names" value="{{form['unit']}}" placeholder="全部单位"></label>
  <datalist id="unit-names">
  % for unit_name in unit_names:
    <option value="{{unit_name}}">
  % end
  </datalist>
  <label>类型 <select name="type">
    <option value="">全部</option>
    % for key, label in labels.STATEMENT_TYPES.items():
    <option value="{{key}}" {{'selected' if form['type'] == key else ''}}>{{label}}</option>
    % end
  </select></label>
  <label>从 <input type="date" name="from" value="{{form['from']}}"></label>
  <label>到 <input type="date" name="to" value="{{form['to']}}"></label>
  <button type="submit">筛选</button>
  <a href="/statements">重置</a>
</form>
% if error:
<p class="notice error" role="alert">{{error}}</p>
% else:
<div class="summary">
  <p class="total">共 <strong>{{result['total']}}</strong> 条表态</p>
</div>
% include('_formats.tpl', json_url=links.at('/api/statements'), csv_url=links.as_csv())
% if result['statements']:
<div class="table-wrap">
<table class="ledger cards">
  <thead><tr><th>日期</th><th>类型</th><th>讲话人</th><th>单位</th><th>内容</th><th>目标</th><th>时限</th><th>出处</th></tr></thead>
  <tbody>
  % for item in result['statements']:
    <tr class="{{item['type']}}">
      <td class="date" data-label="日期">{{item.get('date') or ''}}</td>
      <td class="kind" data-label="类型"><span class="badge {{item['type']}}">{{labels.STATEMENT_TYPES.get(item['type'], item['type'])}}</span></td>
      <td class="who" data-label="讲话人">{{item.get('speaker') or ''}}</td>
      <td class="unit" data-label="单位">
        % if item.get('unit'):
        <a href="{{unit_url(item['unit'])}}">{{item['unit']}}</a>
        % end
      </td>
      <td class="said" data-label="内容">{{item['text']}}</td>
      <td class="goal" data-label="目标">{{labels.targets(item['targets'])}}</td>
      <td class="deadline" data-label="时限">{{labels.deadlines(item['targets'])}}</td>
      <td class="from" data-label="出处"><a href="{{links.article(item['article_id'])}}">{{item['title']}}</a> <a class="original-link" href="{{links.original(item['article_id'], sentence=item['text'])}}">原文位置</a></td>
    </tr>
  % end
  </tbody>
</table>
</div>
% include('_pager.tpl')
% else:
<p class="notice">没有符合条件的表态。<a href="/statements">查看全部</a></p>
% end
% end
