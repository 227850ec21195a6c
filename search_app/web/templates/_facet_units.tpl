<section class="facet" data-facet="{{section.name}}">
  <h3 id="{{section.name}}-facet-title">{{section.heading}}</h3>
  <form class="{{section.name}}-find" action="/" method="get" role="search" aria-labelledby="{{section.name}}-facet-title">
    % for name, value in links.pairs:
    % if name != 'page':
    <input type="hidden" name="{{name}}" value="{{value}}">
    % end
    % end
    <label for="{{section.name}}-find-input" class="visually-hidden">查找{{section.heading}}</label>
    <input id="{{section.name}}-find-input" type="search" name="{{section.name}}" list="facet-{{section.name}}-names" placeholder="查找{{section.heading}}…" autocomplete="off" data-filter-tree="#{{section.name}}-facet-tree">
    <datalist id="facet-{{section.name}}-names">
    % for value in section.names:
      <option value="{{value}}">
    % end
    </datalist>
    <button type="submit">筛选</button>
  </form>
  <ul class="tree" id="{{section.name}}-facet-tree">
  % include('_unit_facet.tpl', nodes=section.tree, depth=0, active_units=set(links.values(section.name)))
  </ul>
</section>
