using Npgsql;
using NpgsqlTypes;

namespace Telehealth.Audit.PostgreSql;

/// <summary>
/// The tiles one transaction stores: every tile that became full and every partial tile whose width
/// changed since <see cref="Start"/>. They are written with one statement that only inserts new
/// tiles or extends stored ones (<see cref="PostgreSqlAuditSql.WriteTiles"/>).
/// </summary>
internal sealed class TileWrites
{
    private readonly SortedDictionary<(int Level, long Index), byte[]> _tiles = [];
    private readonly (long Index, int Width)[] _start = new (long, int)[HashTileEdge.MaxLevel + 1];

    /// <summary>Gets how many tiles are to be written.</summary>
    public int Count => _tiles.Count;

    /// <summary>Remembers the partial tiles of the edge as stored, before anything is appended to it.</summary>
    public void Start(HashTileEdge edge)
    {
        _tiles.Clear();
        for (var level = 0; level <= HashTileEdge.MaxLevel; level++)
        {
            _start[level] = (edge.PartialIndex(level), edge.PartialWidth(level));
        }
    }

    /// <summary>Adds a tile that became full (the callback of <see cref="HashTileEdge.Append"/>).</summary>
    public void AddFull(int level, long index, ReadOnlySpan<byte> hashes) => _tiles[(level, index)] = hashes.ToArray();

    /// <summary>Adds every partial tile of <paramref name="edge"/> that differs from the one stored.</summary>
    public void AddChangedPartials(HashTileEdge edge)
    {
        for (var level = 0; level <= HashTileEdge.MaxLevel; level++)
        {
            var (index, width) = (edge.PartialIndex(level), edge.PartialWidth(level));
            if (width > 0 && (index, width) != _start[level])
            {
                _tiles[(level, index)] = edge.PartialTile(level).ToArray();
            }
        }
    }

    /// <summary>Creates the statement that writes the tiles; the writer checks that it affected <see cref="Count"/> rows.</summary>
    public NpgsqlBatchCommand ToCommand(PostgreSqlAuditSql sql)
    {
        var levels = new short[_tiles.Count];
        var indexes = new long[_tiles.Count];
        var hashes = new byte[_tiles.Count][];
        var i = 0;
        foreach (var ((level, index), tile) in _tiles)
        {
            (levels[i], indexes[i], hashes[i]) = ((short)level, index, tile);
            i++;
        }

        var command = new NpgsqlBatchCommand(sql.WriteTiles);
        command.Parameters.Add(new NpgsqlParameter<short[]>("levels", NpgsqlDbType.Array | NpgsqlDbType.Smallint) { TypedValue = levels });
        command.Parameters.Add(new NpgsqlParameter<long[]>("indexes", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = indexes });
        command.Parameters.Add(new NpgsqlParameter<byte[][]>("hashes", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { TypedValue = hashes });
        return command;
    }
}
