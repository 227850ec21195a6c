% rebase('base.tpl', title='API 说明', section='api')
<h1>API 说明</h1>
<p class="hint">每个接口以 JSON 回答（列表加 <code>format=csv</code> 即为 CSV）。配置账号后，每个回答只含请求者有权看到的文档；脚本以个人令牌访问：<code>Authorization: Bearer 令牌</code>。机器可读的说明：<a href="/api/openapi.json">OpenAPI 文档（JSON）</a>。</p>
<div class="table-wrap">
<table class="api-routes">
  <thead><tr><th>方法与路径</th><th>用途</th><th>参数</th></tr></thead>
  <tbody>
  % for op in operations:
    <tr>
      <td class="route"><code>{{op.method}} {{op.path}}</code></td>
      <td>{{op.summary}}</td>
      <td>
        % if op.parameters:
        <ul class="params">
          % for name, what in op.parameters:
          <li><code>{{name}}</code>{{'：' + what if what else ''}}</li>
          % end
        </ul>
        % end
      </td>
    </tr>
  % end
  </tbody>
</table>
</div>
